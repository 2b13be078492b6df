import Redis from 'ioredis';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { Events } from '@mesa/shared/contracts';
import { NodeServiceProcess, spawnApp } from '@mesa/shared/testing';
import { derivacionesApp } from '../../derivaciones-service/src/app.definition';
import { migrateDatabase } from '../../../libs/db-entities/src/migrate';
import { seed } from '../../../tools/seed/seed';
import { api, boot, gatewayApp, login, nuevoDocumento, PASSWORD, waitFor } from './support';

type Api = ReturnType<typeof api>;

/**
 * The document follows its routing exactly once: documentos-service runs as two processes from
 * its build output (one consumer group), the movement event is delivered twice, and
 * documentos-service is stopped while documents are routed.
 */
describe('routing moves the document exactly once (documentos-service as two processes)', () => {
  let pg: Client;
  let redis: Redis;
  let derivaciones: RunningApp;
  let gateway: RunningApp;
  let replicas: NodeServiceProcess[] = [];
  let mesa: Api;
  let area2: Api;
  const area: Record<string, number> = {};
  // A database and a bus of this file's own: documentos-service instances and outbox relays that
  // other test files run at the same time would otherwise handle these movements while
  // "documentos is stopped".
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `${process.env.MESA_TEST_DATABASE ?? 'mesa_test'}_derivaciones_replicas`;
  const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).href;
  const prefix = `${process.env.REDIS_KEY_PREFIX}derivaciones-replicas:`;
  const env = { REDIS_KEY_PREFIX: prefix, DATABASE_URL: dbUrl };
  const streamCreada = `${prefix}bus:evt:${Events.DERIVACION_CREADA}`;
  const spawnDocumentos = () => spawnApp('documentos-service', { LOG_LEVEL: 'warn', ...env });
  const administrar = async (sql: string) => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    await administrar(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await administrar(`CREATE DATABASE ${dbName}`);
    await migrateDatabase(dbUrl);
    await seed({ url: dbUrl, password: PASSWORD });
    pg = new Client({ connectionString: dbUrl });
    await pg.connect();
    redis = new Redis(process.env.REDIS_URL as string);
    for (const r of (await pg.query('SELECT id, codigo FROM documentos.area')).rows) area[r.codigo] = r.id;
    replicas = await Promise.all([spawnDocumentos(), spawnDocumentos()]);
    derivaciones = await boot(derivacionesApp, env);
    gateway = await boot(gatewayApp, env);
    mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    area2 = api(gateway.url, await login(gateway.url, 'area2'));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((p) => p.stop()));
    await gateway?.close();
    await derivaciones?.close();
    for await (const claves of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((claves as string[]).length) await redis.del(...(claves as string[]));
    }
    await redis?.quit();
    await pg?.end();
    await administrar(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  const registrar = async () => {
    const r = await mesa('POST', '/documentos', nuevoDocumento({ areaActualId: area.MP }));
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const documento = async (id: string) =>
    (await pg.query('SELECT estado, area_actual_id, version FROM documentos.documento WHERE id = $1', [id])).rows[0];
  const movimientos = async (derivacionId: string) =>
    (
      await pg.query(
        `SELECT accion FROM documentos.auditoria WHERE despues->>'derivacionId' = $1 ORDER BY created_at, id`,
        [derivacionId],
      )
    ).rows.map((r) => r.accion as string);
  /** documentos' group has read and acknowledged everything in the stream. */
  const drenado = async (stream: string) => {
    const grupos = (await redis.xinfo('GROUPS', stream)) as unknown[][];
    const grupo = grupos.map((g) => Object.fromEntries(chunk(g))).find((g) => g.name === 'documentos');
    return !!grupo && Number(grupo.pending) === 0 && Number(grupo.lag) === 0;
  };

  it('two replicas and the same event delivered three times: one move, one history entry, one new version', async () => {
    const id = await registrar();
    const antes = await documento(id);
    const r = await mesa('POST', '/derivaciones', {
      documentoId: id,
      areaDestinoId: area.DG,
      instrucciones: 'Para su trámite',
    });
    expect(r.status).toBe(201);
    await waitFor(async () => (await documento(id)).area_actual_id === area.DG);
    await waitFor(() => drenado(streamCreada));

    // The entry as the relay published it, published again twice at once: the replicas share them.
    const entradas = (await redis.xrange(streamCreada, '-', '+')) as [string, string[]][];
    const original = entradas.find(([, campos]) => JSON.parse(campos[1]).d.derivacionId === r.body.id);
    expect(original).toBeDefined();
    const [, campos] = original as [string, string[]];
    await Promise.all([redis.xadd(streamCreada, '*', ...campos), redis.xadd(streamCreada, '*', ...campos)]);
    await waitFor(() => drenado(streamCreada));

    const despues = await documento(id);
    expect(despues).toMatchObject({ estado: 'EN_PROCESO', area_actual_id: area.DG, version: antes.version + 1 });
    expect(await movimientos(r.body.id)).toEqual(['DERIVACION']);
    const procesados = await pg.query(
      'SELECT count(*)::int AS n FROM documentos.processed_events WHERE event_id = $1',
      [JSON.parse(campos[1]).i],
    );
    expect(procesados.rows[0].n).toBe(1);
  });

  it('with documentos-service stopped, routings and receptions wait; after it starts the documents catch up and nothing is lost', async () => {
    const [a, b] = [await registrar(), await registrar()];
    await Promise.all(replicas.map((p) => p.stop()));
    replicas = [];

    const ra = await mesa('POST', '/derivaciones', {
      documentoId: a,
      areaDestinoId: area.DG,
      instrucciones: 'Mientras documentos está detenido',
    });
    expect(ra.status).toBe(201);
    expect(ra.body.documento).toMatchObject({ estado: 'EN_PROCESO', areaActualId: area.DG });
    expect((await area2('PUT', `/derivaciones/${ra.body.id}/recibir`)).status).toBe(200);
    const rb = await mesa('POST', '/derivaciones', {
      documentoId: b,
      areaDestinoId: area.AJ,
      instrucciones: 'También',
    });
    expect(rb.status).toBe(201);
    const rechazo = await mesa('PUT', `/derivaciones/${rb.body.id}/rechazar`, { motivoRechazo: 'No corresponde' });
    expect(rechazo.status).toBe(200);
    // Nothing applied yet: documentos is not running.
    await new Promise((r) => setTimeout(r, 500));
    expect((await documento(a)).area_actual_id).toBe(area.MP);

    replicas = [await spawnDocumentos()];
    await waitFor(
      async () => (await documento(a)).area_actual_id === area.DG && (await movimientos(ra.body.id)).length === 2,
      30_000,
    );
    expect(await documento(a)).toMatchObject({ estado: 'EN_PROCESO', area_actual_id: area.DG });
    expect(await movimientos(ra.body.id)).toEqual(['DERIVACION', 'RECEPCION_DERIVACION']);
    // b went to AJ and was rejected back: whatever order the two events arrive in, it ends in MP.
    await waitFor(async () => (await movimientos(rb.body.id)).length === 2, 30_000);
    expect(await documento(b)).toMatchObject({ estado: 'EN_PROCESO', area_actual_id: area.MP });
    expect((await movimientos(rb.body.id)).sort()).toEqual(['DERIVACION', 'RECHAZO_DERIVACION']);
  }, 90_000);
});

function chunk(flat: unknown[]): [string, unknown][] {
  const pares: [string, unknown][] = [];
  for (let i = 0; i < flat.length; i += 2) pares.push([String(flat[i]), flat[i + 1]]);
  return pares;
}
