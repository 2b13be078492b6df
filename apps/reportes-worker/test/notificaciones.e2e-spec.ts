import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { RunningApp, startApp } from '@mesa/shared/app';
import { loadConfig } from '@mesa/shared/config';
import { EncolarNotificacionesMasivasReply, EnviarNotificacionesMasivasJob, NotificacionesMasivasPatterns, Queues, Rol } from '@mesa/shared/contracts';
import { queueConnection, queuePrefix } from '@mesa/shared/queue';
import { waitUntil } from '@mesa/shared/testing';
import { derivacionesApp } from '../../derivaciones-service/src/app.definition';
import { LOTE_NOTIFICACIONES } from '../src/notificaciones/notificaciones-masivas.processor';
import { actor, bootWorker, busReportes, prefijoPropio } from './support';

/** Bulk notifications: reportes-worker fans out in batches to derivaciones-service over the real bus. */
describe('enviar_notificaciones_masivas', () => {
  let worker: RunningApp;
  let derivaciones: RunningApp;
  let cola: Queue<EnviarNotificacionesMasivasJob>;
  let pg: Client;
  const prefix = prefijoPropio('notificaciones');

  const notificacionesPorUsuario = async (jobId: string) => {
    const { rows } = await pg.query<{ usuario_id: string; n: number }>(
      `SELECT usuario_id, count(*)::int AS n FROM derivaciones.notificacion WHERE referencia_id = $1 AND usuario_id IS NOT NULL GROUP BY usuario_id`,
      [jobId],
    );
    return new Map(rows.map((r) => [r.usuario_id, r.n]));
  };

  beforeAll(async () => {
    derivaciones = await startApp(derivacionesApp, { ...process.env, PORT: '0', LOG_LEVEL: 'error', REDIS_KEY_PREFIX: prefix });
    worker = await bootWorker({ LOG_LEVEL: 'error', REDIS_KEY_PREFIX: prefix });
    const config = loadConfig({ ...process.env, REDIS_KEY_PREFIX: prefix });
    cola = new Queue(Queues.ENVIAR_NOTIFICACIONES_MASIVAS, { connection: queueConnection(config), prefix: queuePrefix(config) });
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
  });

  afterAll(async () => {
    await cola?.close();
    await worker?.close();
    await derivaciones?.close();
    await pg?.end();
  });

  it('retried after a partial fan-out, it notifies no one twice', async () => {
    const usuarios = Array.from({ length: 120 }, () => randomUUID());
    // The second batch holds an id derivaciones cannot store: the first attempt delivers batch 1, then fails.
    const malos: string[] = [...usuarios];
    malos[LOTE_NOTIFICACIONES + 5] = 'no-es-un-uuid';
    const jobId = `masiva-${randomUUID()}`;
    const job = await cola.add(
      'enviar',
      { titulo: 'Corte de servicio', mensaje: 'El sistema no atenderá el sábado.', usuarioIds: malos, areaIds: [1, 2] },
      { jobId, attempts: 3, backoff: { type: 'fixed', delay: 3000 } },
    );
    expect(await waitUntil(async () => (await job.getState()) === 'delayed', { timeoutMs: 30_000 })).toBe(true);
    const tras1 = await notificacionesPorUsuario(jobId);
    expect(tras1.size).toBe(LOTE_NOTIFICACIONES);
    expect([...tras1.values()].every((n) => n === 1)).toBe(true);

    // The cause goes away before the retry (as a restarted dependency would).
    await job.updateData({ ...job.data, usuarioIds: usuarios });
    expect(await waitUntil(async () => (await job.getState()) === 'completed', { timeoutMs: 30_000 })).toBe(true);
    const fin = await cola.getJob(jobId);
    expect(fin?.attemptsMade).toBe(2);
    // The retry skipped the batch already delivered: it created only the rest, offices included.
    expect(fin?.returnvalue).toEqual({ destinatarios: 122, creadas: 122 - LOTE_NOTIFICACIONES });

    const porUsuario = await notificacionesPorUsuario(jobId);
    expect(porUsuario.size).toBe(120);
    expect([...porUsuario.values()].every((n) => n === 1)).toBe(true);
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM derivaciones.notificacion WHERE referencia_id = $1 AND area_id IS NOT NULL`, [jobId]);
    expect(rows[0].n).toBe(2);

    // Run once more from the start (a redelivery after completion): nobody gets a second one.
    await fin?.remove();
    const otra = await cola.add('enviar', { titulo: 'Corte de servicio', mensaje: 'El sistema no atenderá el sábado.', usuarioIds: usuarios, areaIds: [1, 2] }, { jobId });
    expect(await waitUntil(async () => (await otra.getState()) === 'completed', { timeoutMs: 30_000 })).toBe(true);
    expect((await cola.getJob(jobId))?.returnvalue).toEqual({ destinatarios: 122, creadas: 0 });
    expect([...(await notificacionesPorUsuario(jobId)).values()].every((n) => n === 1)).toBe(true);
  });

  it('queues a send through the bus pattern (ADMIN only); the same lote id queues one job', async () => {
    const bus = busReportes(prefix);
    try {
      const usuarios = Array.from({ length: 7 }, () => randomUUID());
      const loteId = randomUUID();
      const pedido = { actor: actor(Rol.ADMIN), loteId, titulo: 'Aviso', mensaje: 'Mantenimiento', usuarioIds: usuarios };
      const r = await bus.send<EncolarNotificacionesMasivasReply>(NotificacionesMasivasPatterns.ENCOLAR, pedido);
      expect(r).toEqual({ id: `masiva-${loteId}`, destinatarios: 7 });
      expect(await bus.send(NotificacionesMasivasPatterns.ENCOLAR, pedido)).toEqual(r);
      const job = await cola.getJob(r.id);
      expect(await waitUntil(async () => (await job?.getState()) === 'completed', { timeoutMs: 30_000 })).toBe(true);
      expect((await notificacionesPorUsuario(r.id)).size).toBe(7);
      const err = await bus.send(NotificacionesMasivasPatterns.ENCOLAR, { ...pedido, actor: actor(Rol.MESA_PARTES) }).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 403 });
      const mal = await bus.send(NotificacionesMasivasPatterns.ENCOLAR, { ...pedido, loteId: 'a:b', usuarioIds: ['x'] }).catch((e: unknown) => e);
      expect(mal).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    } finally {
      await bus.close();
    }
  });

  it('a recipient already notified by an attempt that died before recording it is not notified again', async () => {
    const usuarios = Array.from({ length: 60 }, () => randomUUID());
    const jobId = `masiva-${randomUUID()}`;
    // What a crashed attempt leaves: the first 50 notified in derivaciones, nothing recorded here.
    await pg.query(
      `INSERT INTO derivaciones.notificacion (usuario_id, tipo, titulo, mensaje, referencia_id, dedupe_key)
       SELECT u, 'MASIVA', 't', 'm', $1::text, 'masiva:' || $1::text || ':' || u FROM unnest($2::uuid[]) u`,
      [jobId, usuarios.slice(0, 50)],
    );
    const job = await cola.add('enviar', { titulo: 't', mensaje: 'm', usuarioIds: usuarios }, { jobId });
    expect(await waitUntil(async () => (await job.getState()) === 'completed', { timeoutMs: 30_000 })).toBe(true);
    expect((await cola.getJob(jobId))?.returnvalue).toEqual({ destinatarios: 60, creadas: 10 });
    const porUsuario = await notificacionesPorUsuario(jobId);
    expect(porUsuario.size).toBe(60);
    expect([...porUsuario.values()].every((n) => n === 1)).toBe(true);
  });
});
