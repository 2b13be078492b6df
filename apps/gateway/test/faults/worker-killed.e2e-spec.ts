import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { NodeServiceProcess, waitUntil } from '@mesa/shared/testing';
import { Lote, sembrarDocumentos, storageTemporal } from '../../../reportes-worker/test/support';
import { api, login } from '../support';
import { KeyedStream } from './keyed-stream';
import { faultSuite } from './support';

const terminal = ['completed', 'failed', 'cancelled'];

/**
 * reportes-worker, a process from its build output, SIGKILLed while it writes a report that was
 * requested through the gateway with others, then replaced: every request ends in one report.
 */
/** Shorter than the 30 s default, so the dead worker's job comes back sooner; long enough for renewals on a loaded machine. */
const JOB_LOCK_MS = 8000;

describe('reportes-worker killed in the middle of a report', () => {
  let lote: Lote;
  let storage: Awaited<ReturnType<typeof storageTemporal>>;
  let suite: ReturnType<typeof faultSuite>;
  let worker: NodeServiceProcess;
  let gateway: NodeServiceProcess;
  let spawnWorker: () => Promise<NodeServiceProcess>;

  beforeAll(async () => {
    // A database of the file's own, with the catalogs and users: its 20,000 documents would
    // change what other files find in the run's.
    [lote, storage] = await Promise.all([sembrarDocumentos(20_000), storageTemporal()]);
    suite = faultSuite('worker-killed', { STORAGE_DIR: storage.dir, DATABASE_URL: lote.databaseUrl });
    await suite.open();
    spawnWorker = () => suite.spawn('reportes-worker', { WORKER_CONCURRENCY: '1', JOB_LOCK_MS: String(JOB_LOCK_MS) });
    [worker, gateway] = await Promise.all([spawnWorker(), suite.spawn('gateway')]);
  }, 60_000);

  afterAll(async () => {
    await suite?.close();
    await storage?.borrar();
    await lote?.drop();
  });

  it('three reports requested, the worker killed mid-xlsx and replaced: each ends completed once, one row and one file each', async () => {
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const filtros = { desde: lote.desde, hasta: lote.hasta };
    const pedidos = [
      { tipo: 'documentos', formato: 'xlsx', filtros },
      { tipo: 'documentos', formato: 'csv', filtros },
      { tipo: 'documentos', formato: 'csv', filtros: { ...filtros, prioridad: 'NORMAL' } },
    ];
    const solicitud = new KeyedStream({
      total: pedidos.length,
      concurrency: pedidos.length,
      send: (i, key) => mesa('POST', '/reportes', pedidos[i], { 'idempotency-key': key }),
    });
    await solicitud.run();
    expect(solicitud.unacknowledged()).toEqual([]);
    const ids = solicitud.answers.map((a) => a.body.id as string);
    expect(new Set(ids).size).toBe(3);
    const tarea = async (id: string) => (await mesa('GET', `/tareas/${id}`)).body;

    // Well into the xlsx (the first queued): progress written, file not yet complete.
    let enCurso: { estado?: string; progreso?: number } = {};
    await waitUntil(
      async () => {
        enCurso = await tarea(ids[0]);
        return terminal.includes(enCurso.estado ?? '') || (enCurso.estado === 'active' && (enCurso.progreso ?? 0) >= 5);
      },
      { timeoutMs: 60_000 },
    );
    expect(enCurso.estado).toBe('active');
    expect((await worker.kill()).signal).toBe('SIGKILL');
    await spawnWorker();

    // The dead worker's lock expires (JOB_LOCK_MS), the stalled-job check moves the job back to wait.
    const estados = async () => Promise.all(ids.map(async (id) => (await tarea(id)).estado as string));
    await waitUntil(async () => (await estados()).every((e) => terminal.includes(e)), { timeoutMs: 110_000 });
    expect(await estados()).toEqual(['completed', 'completed', 'completed']);

    const normales = Number(
      (await suite.pg.query(`SELECT count(*) AS n FROM documentos.documento WHERE prioridad = 'NORMAL'`)).rows[0].n,
    );
    const { rows } = await suite.pg.query('SELECT id, formato, estado, filas, storage_key FROM reportes.reporte');
    expect(rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))).toEqual([
      { id: ids[0], formato: 'xlsx', estado: 'completed', filas: 20_000, storage_key: `reportes/${ids[0]}.xlsx` },
      { id: ids[1], formato: 'csv', estado: 'completed', filas: 20_000, storage_key: `reportes/${ids[1]}.csv` },
      { id: ids[2], formato: 'csv', estado: 'completed', filas: normales, storage_key: `reportes/${ids[2]}.csv` },
    ]);
    expect(await storage.archivos()).toEqual([`${ids[0]}.xlsx`, `${ids[1]}.csv`, `${ids[2]}.csv`].sort());
    // The file of the killed attempt was written again whole, not appended to.
    const libro = new ExcelJS.Workbook();
    await libro.xlsx.readFile(join(storage.dir, 'reportes', `${ids[0]}.xlsx`));
    expect(libro.getWorksheet('Datos')?.rowCount).toBe(20_001);
  }, 200_000);
});
