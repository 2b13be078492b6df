import { Client } from 'pg';
import { Events } from '@mesa/shared/contracts';
import { NodeServiceProcess } from '@mesa/shared/testing';
import { scratchDatabase, ScratchDatabase } from '../../../../libs/db-entities/src/testing/scratch-database';
import { seed } from '../../../../tools/seed/seed';
import { api, login, nuevoDocumento, PASSWORD, waitFor } from '../support';
import { KeyedStream } from './keyed-stream';
import { faultSuite } from './support';

/** An office no other test file reads: its trays and notifications take this file's hundreds of routings. */
const DESTINO = 'RRHH';
/** The advisory lock key of the derivaciones relay (outbox.repository.ts: hashtext of its table). */
const RELAY_LOCK = `hashtext('"derivaciones".outbox')`;
const ROUTINGS = 20;

/**
 * derivaciones-service's outbox relay SIGKILLed between publishing a batch and deleting its
 * rows: the test holds row locks the DELETE needs, sees the entries on the stream and the
 * DELETE waiting, and kills the process there. A replacement publishes the batch again;
 * documentos-service applies each routing once.
 */
describe('the outbox relay killed between publish and mark', () => {
  let db: ScratchDatabase;
  let suite: ReturnType<typeof faultSuite>;
  let derivaciones: NodeServiceProcess;
  let gateway: NodeServiceProcess;
  /** The test's own session, holding the locks. */
  let holder: Client;

  beforeAll(async () => {
    // A database of the file's own: relays of other files' derivaciones-service would drain a
    // shared outbox, and the lock taken here would stop them.
    db = scratchDatabase('faults_outbox');
    await seed({ url: db.url, password: PASSWORD, documentos: 0 });
    suite = faultSuite('outbox-relay-killed', { DATABASE_URL: db.url });
    await suite.open();
    holder = new Client({ connectionString: db.url });
    await holder.connect();
    [, derivaciones, gateway] = await Promise.all([
      suite.spawn('documentos-service'),
      suite.spawn('derivaciones-service'),
      suite.spawn('gateway'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await suite?.close();
    await holder?.end();
    await db?.drop();
  });

  it(`${ROUTINGS} routings: the killed relay's batch is published twice and each routing moves its document once`, async () => {
    const pg = suite.pg;
    const area = Object.fromEntries(
      (await pg.query('SELECT id, codigo FROM documentos.area')).rows.map((r) => [r.codigo, r.id]),
    );
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const keyed = (send: (i: number, key: string) => ReturnType<typeof mesa>) =>
      new KeyedStream({ total: ROUTINGS, concurrency: 10, send });
    const registro = keyed((i, key) =>
      mesa('POST', '/documentos', nuevoDocumento({ areaActualId: area.MP }), { 'idempotency-key': key }),
    );
    await registro.run();
    expect(registro.unacknowledged()).toEqual([]);
    const documentos = registro.answers.map((a) => a.body.id as string);

    // The relay cannot drain while this session holds its lock: the routings' events wait.
    await holder.query(`SELECT pg_advisory_lock(${RELAY_LOCK})`);
    const derivacion = keyed((i, key) =>
      mesa(
        'POST',
        '/derivaciones',
        { documentoId: documentos[i], areaDestinoId: area[DESTINO], instrucciones: 'Para su trámite' },
        {
          'idempotency-key': key,
        },
      ),
    );
    await derivacion.run();
    expect(derivacion.unacknowledged()).toEqual([]);
    const derivacionIds = derivacion.answers.map((a) => a.body.id as string);
    const pendientes = (
      await pg.query(`SELECT event_id FROM derivaciones.outbox WHERE pattern = $1`, [Events.DERIVACION_CREADA])
    ).rows.map((r) => r.event_id as string);
    expect(pendientes).toHaveLength(ROUTINGS);

    // Row locks the relay's DELETE needs, then its lock back: it reads, publishes, and waits.
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM derivaciones.outbox FOR SHARE');
    await holder.query(`SELECT pg_advisory_unlock(${RELAY_LOCK})`);
    const stream = `${suite.prefix}bus:evt:${Events.DERIVACION_CREADA}`;
    const publicados = async () =>
      ((await suite.redis.xrange(stream, '-', '+')) as [string, string[]][]).map(
        ([, campos]) => JSON.parse(campos[1]).i as string,
      );
    const borradoEnEspera = async () =>
      (
        await pg.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM "derivaciones".outbox%'`,
        )
      ).rows.map((r) => r.pid as number);
    await waitFor(async () => (await borradoEnEspera()).length === 1, 20_000);
    expect((await publicados()).filter((id) => pendientes.includes(id)).sort()).toEqual([...pendientes].sort());

    expect((await derivaciones.kill()).signal).toBe('SIGKILL');
    // Its connection dies with it (PostgreSQL would notice only at its next read): the
    // transaction that published the batch never commits, and the rows stay.
    await pg.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [await borradoEnEspera()]);
    await holder.query('ROLLBACK');
    expect(Number((await pg.query('SELECT count(*) AS n FROM derivaciones.outbox')).rows[0].n)).toBe(ROUTINGS);

    await suite.spawn('derivaciones-service');
    const grupoDocumentos = async () => {
      const grupos = (await suite.redis.xinfo('GROUPS', stream)) as unknown[][];
      const campos = grupos.map(
        (g) => new Map(g.flatMap((v, i) => (i % 2 === 0 ? [[String(v), g[i + 1]] as const] : []))),
      );
      return campos.find((g) => g.get('name') === 'documentos');
    };
    await waitFor(async () => {
      const vacio = Number((await pg.query('SELECT count(*) AS n FROM derivaciones.outbox')).rows[0].n) === 0;
      const grupo = await grupoDocumentos();
      return vacio && Number(grupo?.get('pending')) === 0 && Number(grupo?.get('lag')) === 0;
    }, 30_000);

    // At least once: the batch twice on the stream, with the same event ids.
    const veces = (await publicados()).filter((id) => pendientes.includes(id));
    expect(veces).toHaveLength(2 * ROUTINGS);
    expect(new Set(veces).size).toBe(ROUTINGS);
    // Exactly once in the consumer: one movement per routing, each document moved once.
    const movimientos = await pg.query(
      `SELECT despues->>'derivacionId' AS derivacion, count(*)::int AS n FROM documentos.auditoria
        WHERE accion = 'DERIVACION' AND despues->>'derivacionId' = ANY($1::text[]) GROUP BY 1`,
      [derivacionIds],
    );
    expect(movimientos.rows.map((r) => r.n)).toEqual(Array(ROUTINGS).fill(1));
    const procesados = await pg.query(
      'SELECT count(*)::int AS n FROM documentos.processed_events WHERE event_id = ANY($1::uuid[])',
      [pendientes],
    );
    expect(procesados.rows[0].n).toBe(ROUTINGS);
    const movidos = await pg.query(
      'SELECT area_actual_id, estado FROM documentos.documento WHERE id = ANY($1::uuid[])',
      [documentos],
    );
    expect(movidos.rows).toEqual(Array(ROUTINGS).fill({ area_actual_id: area[DESTINO], estado: 'EN_PROCESO' }));
  }, 120_000);
});
