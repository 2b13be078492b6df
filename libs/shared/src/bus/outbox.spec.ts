import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RequestContext } from '../logging/request-context';
import { busKeys } from './bus.keys';
import { REDIS_URL, removeKeys, uniquePrefix, waitFor } from './bus.test-harness';
import { OutboxRelay } from './outbox.relay';
import { markEventProcessed, writeOutbox } from './outbox.repository';

/** The DDL the migrations create in each service schema. */
const ddl = (schema: string) => `
  CREATE SCHEMA ${schema};
  CREATE TABLE ${schema}.outbox (id bigserial primary key, event_id uuid not null unique, pattern text not null,
    payload jsonb not null, headers jsonb not null default '{}', created_at timestamptz not null default now());
  CREATE TABLE ${schema}.processed_events (event_id uuid primary key, processed_at timestamptz not null default now());`;

interface Published {
  eventId: string;
  pattern: string;
  data: unknown;
  headers: Record<string, string>;
}

describe('Outbox', () => {
  const schema = `bus_outbox_${randomBytes(4).toString('hex')}`;
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, poolSize: 6 });
  const redis = new Redis(REDIS_URL);
  const relays: OutboxRelay[] = [];
  let prefix: string;

  const relay = async (pollMs = 60_000) => {
    const r = new OutboxRelay({ dataSource, schema, redisUrl: REDIS_URL, keyPrefix: prefix, pollMs });
    relays.push(r);
    await r.start();
    return r;
  };
  const published = async (pattern: string): Promise<Published[]> => {
    const entries = await redis.xrange(busKeys.events(prefix, pattern), '-', '+');
    return entries.map(([, fields]) => {
      const e = JSON.parse(fields[1]) as { i: string; p: string; d: unknown; h: Record<string, string> };
      return { eventId: e.i, pattern: e.p, data: e.d, headers: e.h };
    });
  };
  const outboxRows = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM ${schema}.outbox`))[0].n);

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(ddl(schema));
  });

  beforeEach(() => {
    prefix = uniquePrefix();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await removeKeys(prefix);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA ${schema} CASCADE`);
    await dataSource.destroy();
    await redis.quit();
  });

  it('never publishes rows of a rolled-back transaction and publishes committed ones in order', async () => {
    // A 60 s poll: only the NOTIFY sent at commit can bring these events out within the test.
    await relay();
    await dataSource
      .transaction(async (m) => {
        await writeOutbox(m, schema, [{ pattern: 'documento.registrado', data: { n: -1 } }]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    for (let t = 0; t < 10; t++) {
      await RequestContext.run({ requestId: `req-${t}` }, () =>
        dataSource.transaction((m) =>
          writeOutbox(m, schema, [
            { pattern: 'documento.registrado', data: { n: 2 * t } },
            { pattern: 'documento.registrado', data: { n: 2 * t + 1 } },
          ]),
        ),
      );
    }

    // Rows are deleted in the transaction that published them, so an empty outbox means all relayed.
    await waitFor(async () => (await outboxRows()) === 0, 'the outbox to drain');

    const events = await published('documento.registrado');
    expect(events.map((e) => e.data)).toEqual(Array.from({ length: 20 }, (_, n) => ({ n })));
    expect(events.map((e) => e.headers.requestId)).toEqual(Array.from({ length: 20 }, (_, n) => `req-${Math.floor(n / 2)}`));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(20);
  });

  it('publishes each row once with two relays draining the same schema', async () => {
    await Promise.all([relay(50), relay(50)]);

    await Promise.all(
      Array.from({ length: 25 }, (_, t) =>
        dataSource.transaction((m) =>
          writeOutbox(
            m,
            schema,
            Array.from({ length: 4 }, (_, i) => ({ pattern: 'derivacion.creada', data: { t, i } })),
          ),
        ),
      ),
    );
    await waitFor(async () => (await outboxRows()) === 0, 'the outbox to drain');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const events = await published('derivacion.creada');
    expect(events).toHaveLength(100);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(100);
    // Within each transaction the events keep the order they were written in.
    for (let t = 0; t < 25; t++) {
      expect(events.filter((e) => (e.data as { t: number }).t === t).map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3]);
    }
  });

  it('relays rows committed while no relay ran once one starts', async () => {
    await dataSource.transaction((m) => writeOutbox(m, schema, [{ pattern: 'documento.atendido', data: { id: 1 } }]));

    await relay();
    await waitFor(async () => (await published('documento.atendido')).length === 1, 'the waiting row');

    expect((await published('documento.atendido'))[0].data).toEqual({ id: 1 });
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(
      dataSource.transaction((m) => writeOutbox(m, 'documentos; DROP TABLE x', [{ pattern: 'p', data: {} }])),
    ).rejects.toThrow('Invalid schema name');
  });

  it('marks an event processed once per service schema (idempotent consumers)', async () => {
    const eventId = randomUUID();

    await dataSource
      .transaction(async (m) => {
        expect(await markEventProcessed(m, schema, eventId)).toBe(true);
        throw new Error('handler failed after marking');
      })
      .catch(() => undefined);
    const first = await dataSource.transaction((m) => markEventProcessed(m, schema, eventId));
    const again = await dataSource.transaction((m) => markEventProcessed(m, schema, eventId));

    expect([first, again]).toEqual([true, false]);
  });
});
