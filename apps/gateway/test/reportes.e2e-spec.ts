import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { waitUntil } from '@mesa/shared/testing';
import { reportesApp } from '../../reportes-worker/src/app.definition';
import { Lote, prefijoPropio, sembrarDocumentos } from '../../reportes-worker/test/support';
import { api, boot, gatewayApp, login, seedDemo } from './support';

/** The task API end to end: gateway → bus → reportes-worker → queue → Storage → gateway. */
describe('reports and tasks through the gateway', () => {
  let gateway: RunningApp;
  let worker: RunningApp;
  let dir: string;
  let lote: Lote;
  let mesa: ReturnType<typeof api>;
  let area1: ReturnType<typeof api>;
  let auditor: ReturnType<typeof api>;
  let mesaToken: string;

  const completada = async (as: ReturnType<typeof api>, id: string) => {
    let estado = '';
    await waitUntil(
      async () => {
        estado = (await as('GET', `/tareas/${id}`)).body.estado;
        return ['completed', 'failed', 'cancelled'].includes(estado);
      },
      { timeoutMs: 60_000 },
    );
    return estado;
  };

  beforeAll(async () => {
    await seedDemo();
    lote = await sembrarDocumentos(500);
    dir = await mkdtemp(join(tmpdir(), 'gw-reportes-'));
    const env = { STORAGE_DIR: dir, REDIS_KEY_PREFIX: prefijoPropio('gw-reportes') };
    // The worker reads the documents' own database; the gateway keeps the run's (its users).
    worker = await boot(reportesApp, { ...env, DATABASE_URL: lote.databaseUrl });
    gateway = await boot(gatewayApp, env);
    mesaToken = await login(gateway.url, 'mesa');
    mesa = api(gateway.url, mesaToken);
    area1 = api(gateway.url, await login(gateway.url, 'area1'));
    auditor = api(gateway.url, await login(gateway.url, 'auditor'));
  });

  afterAll(async () => {
    await gateway?.close();
    await worker?.close();
    await rm(dir, { recursive: true, force: true });
    await lote?.drop();
  });

  it('answers 202 with the task and its Location, then streams the finished file', async () => {
    const r = await mesa('POST', '/reportes', { tipo: 'documentos', formato: 'xlsx', filtros: { desde: lote.desde, hasta: lote.hasta } });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), estado: 'waiting' });
    expect(r.headers.get('location')).toBe(`/api/v1/tareas/${r.body.id}`);
    expect(await completada(mesa, r.body.id)).toBe('completed');

    const tarea = await mesa('GET', `/tareas/${r.body.id}`);
    expect(tarea.body).toMatchObject({ id: r.body.id, tipo: 'documentos', formato: 'xlsx', estado: 'completed', progreso: 100, intentos: 1, error: null, filas: 500 });
    expect(Date.parse(tarea.body.terminadoEn)).toBeGreaterThanOrEqual(Date.parse(tarea.body.iniciadoEn));
    const etag = tarea.headers.get('etag') as string;
    expect((await mesa('GET', `/tareas/${r.body.id}`, undefined, { 'if-none-match': etag })).status).toBe(304);

    const res = await fetch(`${gateway.url}/api/v1/reportes/${r.body.id}/descarga`, { headers: { authorization: `Bearer ${mesaToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="reporte-documentos-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const libro = new ExcelJS.Workbook();
    await libro.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(libro.getWorksheet('Datos')?.rowCount).toBe(501);
  });

  it("answers 404 for another user's task and file, but lets AUDITOR download it", async () => {
    const { body } = await mesa('POST', '/reportes', { tipo: 'vencidos', formato: 'csv', filtros: { desde: lote.desde, hasta: lote.hasta } });
    expect(await completada(mesa, body.id)).toBe('completed');
    for (const [method, path] of [
      ['GET', `/tareas/${body.id}`],
      ['GET', `/reportes/${body.id}/descarga`],
      ['DELETE', `/tareas/${body.id}`],
    ]) {
      const r = await area1(method, path);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('TAREA_NOT_FOUND');
    }
    expect((await area1('GET', '/tareas/no-es-un-id')).status).toBe(404);
    const r = await auditor('GET', `/reportes/${body.id}/descarga`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(String(r.body).split('\r\n')[0]).toContain('Expediente,Fecha límite,Días vencido');
  });

  it('gives a duplicate request the same task, and lists only my tasks, newest first', async () => {
    const pedido = { tipo: 'derivaciones', formato: 'pdf', filtros: { desde: lote.desde, hasta: lote.hasta } };
    const a = await mesa('POST', '/reportes', pedido);
    const b = await mesa('POST', '/reportes', pedido);
    expect(b.status).toBe(202);
    expect(b.body.id).toBe(a.body.id);
    const otra = await area1('POST', '/reportes', pedido);
    expect(otra.body.id).not.toBe(a.body.id);

    const mias = await mesa('GET', '/tareas?limit=2');
    expect(mias.status).toBe(200);
    expect(mias.body.items).toHaveLength(2);
    expect(mias.body.items[0].id).toBe(a.body.id);
    expect(mias.body.nextCursor).toEqual(expect.any(String));
    const resto = await mesa('GET', `/tareas?limit=100&cursor=${mias.body.nextCursor}`);
    const ids = [...mias.body.items, ...resto.body.items].map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(otra.body.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
  });

  it('a keyed request is one task of its own, answered again after the gateway lost it; the key for another report is 422', async () => {
    const pedido = { tipo: 'vencidos', formato: 'csv', filtros: { desde: lote.desde, hasta: lote.hasta } };
    const key = `reporte-${randomUUID()}`;
    const a = await mesa('POST', '/reportes', pedido, { 'idempotency-key': key });
    expect(a.status).toBe(202);
    // Without a key the same request meets the window's task; the keyed one is its own.
    expect((await mesa('POST', '/reportes', pedido)).body.id).not.toBe(a.body.id);
    // As if the gateway's answer were lost (a timeout, a dead gateway): the task id comes from the key.
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    try {
      await pg.query('DELETE FROM gateway.idempotencia WHERE key = $1', [key]);
      const b = await mesa('POST', '/reportes', pedido, { 'idempotency-key': key });
      expect(b.status).toBe(202);
      expect(b.body.id).toBe(a.body.id);
      await pg.query('DELETE FROM gateway.idempotencia WHERE key = $1', [key]);
      const otro = await mesa('POST', '/reportes', { ...pedido, formato: 'xlsx' }, { 'idempotency-key': key });
      expect(otro.status).toBe(422);
      expect(otro.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    } finally {
      await pg.end();
    }
  });

  it('cancels a task; a finished one answers 409; bad requests answer 400 with the fields', async () => {
    const { body } = await mesa('POST', '/reportes', { tipo: 'documentos', formato: 'csv', filtros: { desde: lote.desde, hasta: lote.hasta, prioridad: 'NORMAL' } });
    const cancel = await mesa('DELETE', `/tareas/${body.id}`);
    if (cancel.status === 200) {
      expect(cancel.body.estado).toBe('cancelled');
      expect(await completada(mesa, body.id)).toBe('cancelled');
      expect((await mesa('GET', `/reportes/${body.id}/descarga`)).body.code).toBe('REPORTE_NO_DISPONIBLE');
    }
    // Cancelled or (had it been faster than the DELETE) completed: either way it has ended now.
    const otra = await mesa('DELETE', `/tareas/${body.id}`);
    expect(otra.status).toBe(409);
    expect(otra.body.code).toBe('TAREA_TERMINADA');

    const mal = await mesa('POST', '/reportes', { tipo: 'otro', formato: 'docx', filtros: { desde: '2026-13-01', extra: 1 } });
    expect(mal.status).toBe(400);
    expect(mal.body.code).toBe('VALIDATION_FAILED');
    expect((await api(gateway.url, await login(gateway.url, 'sre'))('POST', '/reportes', { tipo: 'documentos', formato: 'csv' })).status).toBe(403);
  });
});
