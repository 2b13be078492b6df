import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { gatewayEntities } from '@mesa/db-entities';
import { IdempotenciaRepository } from './idempotencia.repository';

/** The repository against the real PostgreSQL of the test run (gateway.idempotencia, migrated). */
describe('IdempotenciaRepository', () => {
  let db: DataSource;
  let store: IdempotenciaRepository;
  const hash = 'a'.repeat(64);
  const otherHash = 'b'.repeat(64);

  // Keys are per user; a fresh user id keeps this run apart from any other on the database.
  const userId = randomUUID();
  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: gatewayEntities });
    await db.initialize();
    store = new IdempotenciaRepository(db, { BUS_REQUEST_TIMEOUT_MS: 5_000 });
  });

  afterAll(() => db?.destroy());

  it('lets exactly one of many concurrent claims win', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.claim(key, userId, hash)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.read(key, userId)).toMatchObject({ requestHash: hash, statusCode: null, response: null });
  });

  it('stores the answer; a later claim loses and reads it', async () => {
    const key = randomUUID();
    expect(await store.claim(key, userId, hash)).toBe(true);
    await store.complete(key, userId, 201, { id: 'x', n: [1, 2] });
    expect(await store.claim(key, userId, hash)).toBe(false);
    expect(await store.read(key, userId)).toMatchObject({ requestHash: hash, statusCode: 201, response: { id: 'x', n: [1, 2] } });
  });

  it('release (after a refusal) frees an unanswered claim but never an answered one', async () => {
    const key = randomUUID();
    await store.claim(key, userId, hash);
    await store.release(key, userId);
    expect(await store.read(key, userId)).toBeNull();
    expect(await store.claim(key, userId, otherHash)).toBe(true);
    await store.complete(key, userId, 201, {});
    await store.release(key, userId);
    expect((await store.read(key, userId))?.statusCode).toBe(201);
  });

  it('an expired key or a stale claim (a gateway died mid-request) is taken over; expired rows are purged', async () => {
    const expired = randomUUID();
    await store.claim(expired, userId, hash);
    await store.complete(expired, userId, 201, {});
    await db.query("UPDATE gateway.idempotencia SET expires_at = now() - interval '1 second' WHERE key = $1", [expired]);
    expect(await store.read(expired, userId)).toBeNull();
    expect(await store.claim(expired, userId, otherHash)).toBe(true);
    expect(await store.read(expired, userId)).toMatchObject({ requestHash: otherHash, statusCode: null, response: null });

    // A claim belongs to its request for the bus timeout plus a margin (10 s here), then it is stale.
    const stale = randomUUID();
    await store.claim(stale, userId, hash);
    expect(await store.claim(stale, userId, hash)).toBe(false);
    const fresh = (await store.read(stale, userId))?.takeoverInMs ?? 0;
    expect(fresh).toBeGreaterThan(9_000);
    expect(fresh).toBeLessThanOrEqual(10_000);
    await db.query("UPDATE gateway.idempotencia SET created_at = now() - interval '9 seconds' WHERE key = $1", [stale]);
    expect(await store.claim(stale, userId, hash)).toBe(false);
    expect((await store.read(stale, userId))?.takeoverInMs).toBeLessThanOrEqual(1_000);
    await db.query("UPDATE gateway.idempotencia SET created_at = now() - interval '11 seconds' WHERE key = $1", [stale]);
    expect(await store.claim(stale, userId, hash)).toBe(true);

    const gone = randomUUID();
    await store.claim(gone, userId, hash);
    await db.query("UPDATE gateway.idempotencia SET expires_at = now() - interval '1 second' WHERE key = $1", [gone]);
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = await db.query('SELECT count(*)::int AS n FROM gateway.idempotencia WHERE key = $1', [gone]);
    expect(left[0].n).toBe(0);
  });
});
