import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { DescargaReporteReply, Queues, ReportesPatterns, Rol, SolicitarReporteReply, TareaDto } from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';
import { contarPaginasPdf } from '../src/archivos/paginas-pdf';
import { GenerarReporteExcelProcessor } from '../src/reportes/generar-reporte.processor';
import { LimpiezaReportesJob } from '../src/reportes/limpieza.job';
import { metricsRegistry } from '@mesa/shared/metrics';
import { loadConfig } from '@mesa/shared/config';
import { queueConnection, queuePrefix } from '@mesa/shared/queue';
import { Queue } from 'bullmq';
import { actor, bootWorker, Bus, busReportes, esperarTarea, Lote, prefijoPropio, sembrarDocumentos, storageTemporal, terminada } from './support';

async function intentos(outcome: string): Promise<number> {
  const m = await metricsRegistry.getSingleMetric('queue_job_attempts_total')?.get();
  return m?.values.find((v) => v.labels.queue === 'generar_reporte_excel' && v.labels.outcome === outcome)?.value ?? 0;
}

function hoja(libro: ExcelJS.Workbook, nombre: string): ExcelJS.Worksheet {
  const h = libro.getWorksheet(nombre);
  if (!h) throw new Error(`no worksheet ${nombre}`);
  return h;
}

/** Reports through reportes-worker's bus API, against the real PostgreSQL, Redis and disk. */
describe('reports (reportes-worker)', () => {
  let app: RunningApp;
  let bus: Bus;
  let storage: Awaited<ReturnType<typeof storageTemporal>>;
  let lote: Lote;
  let pg: Client;
  let config: ReturnType<typeof loadConfig>;
  const admin = actor(Rol.ADMIN);

  const solicitar = (a = admin, tipo: string, formato: string, filtros: Record<string, unknown>) =>
    bus.send<SolicitarReporteReply>(ReportesPatterns.SOLICITAR, { actor: a, tipo, formato, filtros });
  const archivo = async (a: typeof admin, id: string) => {
    const d = await bus.send<DescargaReporteReply>(ReportesPatterns.DESCARGA, { actor: a, id });
    return { ...d, path: join(storage.dir, d.storageKey) };
  };

  beforeAll(async () => {
    storage = await storageTemporal();
    lote = await sembrarDocumentos(10_000);
    const prefix = prefijoPropio('reportes');
    config = loadConfig({ ...process.env, REDIS_KEY_PREFIX: prefix });
    app = await bootWorker({ STORAGE_DIR: storage.dir, REDIS_KEY_PREFIX: prefix, DATABASE_URL: lote.databaseUrl });
    bus = busReportes(prefix);
    pg = new Client({ connectionString: lote.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await bus?.close();
    await app?.close();
    await pg?.end();
    await storage?.borrar();
    await lote?.drop();
  });

  it('writes a 10,000-row Excel report that reads back with the right rows and totals', async () => {
    const { id, estado } = await solicitar(admin, 'documentos', 'xlsx', { desde: lote.desde, hasta: lote.hasta });
    expect(estado).toBe('waiting');
    const t = await esperarTarea(bus, admin, id, terminada);
    expect(t).toMatchObject({ estado: 'completed', progreso: 100, filas: 10_000, intentos: 1, error: null });

    const f = await archivo(admin, id);
    const libro = new ExcelJS.Workbook();
    await libro.xlsx.readFile(f.path);
    const datos = hoja(libro, 'Datos');
    expect(datos.rowCount).toBe(10_001);
    expect(datos.getRow(1).getCell(1).value).toBe('Expediente');
    const expedientes = new Set<string>();
    let folios = 0;
    datos.eachRow((row, n) => {
      if (n === 1) return;
      expedientes.add(String(row.getCell(1).value));
      folios += Number(row.getCell(9).value);
    });
    const esperado = await pg.query(
      `SELECT count(*)::int AS n, sum(numero_folios)::int AS folios,
              count(*) FILTER (WHERE estado = 'ATENDIDO')::int AS atendidos
         FROM documentos.documento
        WHERE fecha_recepcion >= ($1::date)::timestamp AT TIME ZONE 'America/Lima'
          AND fecha_recepcion < ($2::date + 1)::timestamp AT TIME ZONE 'America/Lima'`,
      [lote.desde, lote.hasta],
    );
    expect(expedientes.size).toBe(10_000);
    expect(folios).toBe(esperado.rows[0].folios);

    const resumen = new Map<string, unknown>();
    hoja(libro, 'Resumen').eachRow((row) => resumen.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(resumen.get('Filas')).toBe(10_000);
    expect(resumen.get('Total folios')).toBe(esperado.rows[0].folios);
    expect(resumen.get('Estado: ATENDIDO')).toBe(esperado.rows[0].atendidos);
  });

  it('writes a PDF with a summary page, the per-office page and the per-day page', async () => {
    const { id } = await solicitar(admin, 'documentos', 'pdf', { desde: lote.desde, hasta: lote.hasta });
    expect((await esperarTarea(bus, admin, id, terminada)).estado).toBe('completed');
    const f = await archivo(admin, id);
    expect(f.contentType).toBe('application/pdf');
    const { readFile } = await import('node:fs/promises');
    const pdf = await readFile(f.path);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    expect(await contarPaginasPdf(pdf)).toBe(3);
  });

  it('adds a detail page to the PDF of a report with one row per office', async () => {
    const { id } = await solicitar(admin, 'productividad-areas', 'pdf', { desde: lote.desde, hasta: lote.hasta });
    expect((await esperarTarea(bus, admin, id, terminada)).estado).toBe('completed');
    const { readFile } = await import('node:fs/promises');
    expect(await contarPaginasPdf(await readFile((await archivo(admin, id)).path))).toBe(4);
  });

  it('writes CSV: a header and one line per row', async () => {
    const { id } = await solicitar(admin, 'documentos', 'csv', { desde: lote.desde, hasta: lote.hasta, estado: 'ATENDIDO' });
    expect((await esperarTarea(bus, admin, id, terminada)).estado).toBe('completed');
    const { readFile } = await import('node:fs/promises');
    const lineas = (await readFile((await archivo(admin, id)).path, 'utf8')).trimEnd().split('\r\n');
    expect(lineas[0]).toBe('\uFEFFExpediente,Recepción,Estado,Prioridad,Tipo,Área actual,Remitente,Asunto,Folios,Fecha límite');
    expect(lineas).toHaveLength(1 + 2500);
    expect(lineas.slice(1).every((l) => l.split(',')[2] === 'ATENDIDO')).toBe(true);
  });

  it('answers the same task to the same request, and a new one to another', async () => {
    const filtros = { desde: lote.desde, hasta: lote.hasta, prioridad: 'URGENTE' };
    const a = await solicitar(admin, 'vencidos', 'xlsx', filtros);
    const b = await solicitar(admin, 'vencidos', 'xlsx', { ...filtros });
    const c = await solicitar(admin, 'vencidos', 'csv', filtros);
    expect(a.nueva).toBe(true);
    expect(b).toEqual({ ...a, nueva: false, estado: b.estado });
    expect(c.id).not.toBe(a.id);
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM reportes.reporte WHERE id = $1`, [a.id]);
    expect(rows[0].n).toBe(1);
  });

  it("hides a user's report from another user (404) but not from ADMIN or AUDITOR", async () => {
    const duena = actor(Rol.MESA_PARTES);
    const { id } = await solicitar(duena, 'documentos', 'csv', { desde: lote.desde, hasta: lote.hasta, prioridad: 'ALTA' });
    await esperarTarea(bus, duena, id, terminada);
    for (const otro of [actor(Rol.MESA_PARTES), actor(Rol.AREA, 1)]) {
      for (const pattern of [ReportesPatterns.OBTENER_TAREA, ReportesPatterns.DESCARGA, ReportesPatterns.CANCELAR_TAREA]) {
        const err = await bus.send(pattern, { actor: otro, id }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainException);
        expect(err).toMatchObject({ status: 404, code: 'TAREA_NOT_FOUND' });
      }
    }
    expect((await archivo(actor(Rol.AUDITOR), id)).storageKey).toBe(`reportes/${id}.csv`);
    expect((await bus.send<TareaDto>(ReportesPatterns.OBTENER_TAREA, { actor: admin, id })).estado).toBe('completed');
  });

  it('cancelling an active report stops it: no file, state cancelled', async () => {
    const duena = actor(Rol.MESA_PARTES);
    const { id } = await solicitar(duena, 'documentos', 'xlsx', { desde: lote.desde, hasta: lote.hasta, tipoDocumentoId: undefined });
    await esperarTarea(bus, duena, id, (t) => terminada(t) || (t.estado === 'active' && t.progreso >= 10), 60_000);
    const cancelada = await bus.send<TareaDto>(ReportesPatterns.CANCELAR_TAREA, { actor: duena, id });
    expect(cancelada.estado).toBe('cancelled');
    // The job leaves the queue as failed (no retry) once the processor has stopped.
    const t = await esperarTarea(bus, duena, id, (x) => x.estado === 'cancelled');
    expect(t.progreso).toBeLessThan(100);
    const { rows } = await pg.query(`SELECT estado, storage_key FROM reportes.reporte WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ estado: 'cancelled', storage_key: null });
    expect((await storage.archivos()).filter((a) => a.startsWith(id))).toEqual([]);
    const err = await bus.send(ReportesPatterns.DESCARGA, { actor: duena, id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'REPORTE_NO_DISPONIBLE' });
  });

  it('cancelling a waiting report removes its job from the queue', async () => {
    const excel = new Queue(Queues.GENERAR_REPORTE_EXCEL, { connection: queueConnection(config), prefix: queuePrefix(config) });
    await excel.pause();
    try {
      const duena = actor(Rol.MESA_PARTES);
      const { id, estado } = await solicitar(duena, 'documentos', 'csv', { desde: lote.desde, hasta: lote.hasta, prioridad: 'URGENTE' });
      expect(estado).toBe('waiting');
      expect(await (await excel.getJob(id))?.getState()).toBe('waiting');
      expect((await bus.send<TareaDto>(ReportesPatterns.CANCELAR_TAREA, { actor: duena, id })).estado).toBe('cancelled');
      expect(await excel.getJob(id)).toBeUndefined();
      expect((await bus.send<TareaDto>(ReportesPatterns.OBTENER_TAREA, { actor: duena, id })).estado).toBe('cancelled');
      // Asking again is a new task (a cancelled one is no answer), and its duplicates meet it.
      const otra = await solicitar(duena, 'documentos', 'csv', { desde: lote.desde, hasta: lote.hasta, prioridad: 'URGENTE' });
      expect(otra).toMatchObject({ estado: 'waiting', nueva: true });
      expect(otra.id).not.toBe(id);
      expect((await solicitar(duena, 'documentos', 'csv', { prioridad: 'URGENTE', hasta: lote.hasta, desde: lote.desde })).id).toBe(otra.id);
    } finally {
      await excel.resume();
      await excel.close();
    }
  });

  it("scopes an office user's report to their office, whatever office the filters name", async () => {
    const { rows } = await pg.query<{ id: number; nombre: string }>(`SELECT id, nombre FROM documentos.area ORDER BY id LIMIT 2`);
    const oficina = actor(Rol.AREA, rows[0].id);
    const { id } = await solicitar(oficina, 'documentos', 'csv', { desde: lote.desde, hasta: lote.hasta, areaId: rows[1].id });
    expect((await esperarTarea(bus, oficina, id, terminada)).estado).toBe('completed');
    const { readFile } = await import('node:fs/promises');
    const lineas = (await readFile((await archivo(oficina, id)).path, 'utf8')).trimEnd().split('\r\n').slice(1);
    expect(lineas.length).toBeGreaterThan(0);
    expect(lineas.every((l) => l.split(',')[5] === rows[0].nombre)).toBe(true);
  });

  it('a job interrupted by shutdown goes back to the queue, without counting a failed attempt, and completes later', async () => {
    const duena = actor(Rol.MESA_PARTES);
    const { id } = await solicitar(duena, 'documentos', 'xlsx', { desde: lote.desde, hasta: lote.hasta });
    await esperarTarea(bus, duena, id, (t) => terminada(t) || (t.estado === 'active' && t.progreso >= 10));
    const interrumpidos = await intentos('interrupted');
    // What shutdown does once its grace period is over.
    app.app.get(GenerarReporteExcelProcessor).worker.cancelAllJobs('apagado');
    const t = await esperarTarea(bus, duena, id, terminada);
    expect(t).toMatchObject({ estado: 'completed', filas: 10_000, intentos: 1, error: null });
    expect((await intentos('interrupted')) - interrumpidos).toBe(1);
    expect((await storage.archivos()).filter((f) => f.startsWith(id))).toEqual([`${id}.xlsx`]);
  });

  it('deletes files past their expiry; the task then answers that the report expired', async () => {
    const duena = actor(Rol.MESA_PARTES);
    const { id } = await solicitar(duena, 'vencidos', 'csv', { desde: lote.desde, hasta: lote.hasta, estado: 'REGISTRADO' });
    await esperarTarea(bus, duena, id, terminada);
    const { path } = await archivo(duena, id);
    await pg.query(`UPDATE reportes.reporte SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect(await app.app.get(LimpiezaReportesJob).ejecutar()).toBeGreaterThanOrEqual(1);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    const err = await bus.send(ReportesPatterns.DESCARGA, { actor: duena, id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, code: 'REPORTE_EXPIRADO' });
    expect((await bus.send<TareaDto>(ReportesPatterns.OBTENER_TAREA, { actor: duena, id })).estado).toBe('completed');
    // A second run finds nothing left of it.
    const { rows } = await pg.query(`SELECT storage_key FROM reportes.reporte WHERE id = $1`, [id]);
    expect(rows[0].storage_key).toBeNull();
  });

  it('refuses unknown filters and states with the fields named', async () => {
    const err = await solicitar(admin, 'documentos', 'xlsx', { estado: 'PENDIENTE', color: 'azul' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((err as DomainException).fields?.map((f) => f.field).sort()).toEqual(['filtros.color', 'filtros.estado']);
  });
});
