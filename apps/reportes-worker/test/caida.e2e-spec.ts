import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { ReportesPatterns, Rol, SolicitarReporteReply } from '@mesa/shared/contracts';
import { NodeServiceProcess, spawnApp } from '@mesa/shared/testing';
import { actor, Bus, busReportes, esperarTarea, Lote, sembrarDocumentos, storageTemporal, terminada } from './support';

/**
 * reportes-worker as it runs in production: processes from the build output (`nx build
 * reportes-worker`), on a key prefix of their own, killed or stopped in the middle of a report.
 */
describe('worker processes that die or stop mid-job', () => {
  const prefix = `${process.env.REDIS_KEY_PREFIX}caida:`;
  let bus: Bus;
  let storage: Awaited<ReturnType<typeof storageTemporal>>;
  let lote: Lote;
  let pg: Client;
  const procesos: NodeServiceProcess[] = [];
  const worker = async () => {
    const p = await spawnApp('reportes-worker', {
      LOG_LEVEL: 'warn',
      REDIS_KEY_PREFIX: prefix,
      STORAGE_DIR: storage.dir,
      WORKER_CONCURRENCY: '1',
      // Shorter than the 30 s default, so the dead worker's job comes back sooner; long enough
      // for the lock's renewals on a loaded machine.
      JOB_LOCK_MS: '8000',
      DATABASE_URL: lote.databaseUrl,
    });
    procesos.push(p);
    return p;
  };
  const a = actor(Rol.ADMIN);
  /** Starts a report and waits until a worker is well into it. */
  const enCurso = async (quien = a) => {
    const filtros = { desde: lote.desde, hasta: lote.hasta };
    const { id } = await bus.send<SolicitarReporteReply>(ReportesPatterns.SOLICITAR, {
      actor: quien,
      tipo: 'documentos',
      formato: 'xlsx',
      filtros,
    });
    const t = await esperarTarea(bus, quien, id, (x) => terminada(x) || (x.estado === 'active' && x.progreso >= 5));
    expect(t.estado).toBe('active');
    return id;
  };

  beforeAll(async () => {
    storage = await storageTemporal();
    lote = await sembrarDocumentos(20_000);
    bus = busReportes(prefix);
    pg = new Client({ connectionString: lote.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await Promise.all(procesos.map((p) => p.stop()));
    await bus?.close();
    await pg?.end();
    await storage?.borrar();
    await lote?.drop();
  });

  it('a worker killed mid-job: a restarted worker completes the job, with one effect', async () => {
    const primero = await worker();
    const id = await enCurso();
    expect((await primero.kill()).signal).toBe('SIGKILL');

    const segundo = await worker();
    // The lock of the dead worker's job expires (JOB_LOCK_MS) and the stalled-job check moves it back to wait.
    const t = await esperarTarea(bus, a, id, terminada, 110_000);
    expect(t).toMatchObject({ estado: 'completed', filas: 20_000, progreso: 100 });
    // One report file. The killed process could not remove its half-written temporary file: it
    // stays apart in `.incomplete/` (never read as the report) until the cleanup sweeps it.
    expect(await storage.archivos()).toEqual([`${id}.xlsx`]);
    const libro = new ExcelJS.Workbook();
    await libro.xlsx.readFile(join(storage.dir, 'reportes', `${id}.xlsx`));
    expect(libro.getWorksheet('Datos')?.rowCount).toBe(20_001);
    const metricas = await (await fetch(`${segundo.url}/metrics`)).text();
    expect(metricas).toMatch(/queue_job_stalled_total\{queue="generar_reporte_excel"\} 1\b/);
    expect(metricas).toMatch(/queue_job_attempts_total\{queue="generar_reporte_excel",outcome="completed"\} 1\b/);
    expect(await segundo.stop()).toEqual({ code: 0, signal: null });
  }, 150_000);

  it('a worker stopped (SIGTERM) mid-job finishes the job before it exits', async () => {
    const p = await worker();
    const id = await enCurso(actor(Rol.MESA_PARTES));
    expect(await p.stop(30_000)).toEqual({ code: 0, signal: null });
    // No worker is left to answer the bus: the row and the disk say what happened.
    const { rows } = await pg.query(`SELECT estado, filas, storage_key FROM reportes.reporte WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ estado: 'completed', filas: 20_000, storage_key: `reportes/${id}.xlsx` });
    expect(await storage.archivos()).toContain(`${id}.xlsx`);
  }, 120_000);
});
