import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisServer, startRedisServer, waitUntil } from '@mesa/shared/testing';
import { ContadorPorLotes } from './contador-por-lotes';
import { conexionLimites } from './rate-limit.module';

const MINUTO = 60_000;

/** Two gateway replicas' counters on one Redis of this test's own (it is killed at the end). */
describe('ContadorPorLotes', () => {
  let servidor: RedisServer;
  let prefijo: string;
  let a: ContadorPorLotes;
  let b: ContadorPorLotes;
  let crudo: Redis;

  const conectar = async () => {
    const redis = conexionLimites({ REDIS_URL: servidor.url, CACHE_REDIS_URL: undefined, REDIS_KEY_PREFIX: prefijo, CACHE_COMMAND_TIMEOUT_MS: 200 });
    await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
    return new ContadorPorLotes(redis, new Set(['publico']));
  };
  /** The window's count as Redis holds it. */
  const enRedis = async (clave: string, nombre: string) => Number(await crudo.get(`${prefijo}ratelimit:{${clave}:${nombre}}:hits`));

  beforeAll(async () => {
    servidor = await startRedisServer();
    prefijo = `t-${randomUUID()}:`;
    crudo = new Redis(servidor.url);
    a = await conectar();
    b = await conectar();
  });

  afterAll(async () => {
    crudo?.disconnect();
    await a?.onApplicationShutdown();
    await b?.onApplicationShutdown();
    await servidor?.kill();
  });

  it('counts below half the limit locally and reports every hit to Redis in a batch', async () => {
    const clave = randomUUID();
    for (let i = 1; i <= 20; i++) expect(await a.increment(clave, MINUTO, 100, MINUTO, 'default')).toMatchObject({ totalHits: i, isBlocked: false });
    expect(await enRedis(clave, 'default')).toBe(0);
    await a.informar();
    expect(await enRedis(clave, 'default')).toBe(20);
    // The other replica learns the shared count with its own next report.
    await b.increment(clave, MINUTO, 100, MINUTO, 'default');
    await b.informar();
    expect(await enRedis(clave, 'default')).toBe(21);
    expect(await b.increment(clave, MINUTO, 100, MINUTO, 'default')).toMatchObject({ totalHits: 22 });
  });

  it('reports on its own, also the hits counted while a report was on its way', async () => {
    const clave = randomUUID();
    await a.increment(clave, MINUTO, 100, MINUTO, 'default');
    // A report is already sending this hit when the next two arrive.
    const enCamino = a.informar();
    await new Promise((r) => setImmediate(r));
    await a.increment(clave, MINUTO, 100, MINUTO, 'default');
    await a.increment(clave, MINUTO, 100, MINUTO, 'default');
    await enCamino;
    expect(await waitUntil(async () => (await enRedis(clave, 'default')) === 3, { timeoutMs: 5_000 })).toBe(true);
  });

  it('counts exactly from half the limit on: one replica passes the limit, not one more', async () => {
    const clave = randomUUID();
    const r = [];
    for (let i = 0; i < 15; i++) r.push(await a.increment(clave, MINUTO, 10, 30_000, 'default'));
    expect(r.filter((x) => !x.isBlocked)).toHaveLength(10);
    expect(r.map((x) => x.totalHits).slice(0, 11)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await enRedis(clave, 'default')).toBe(11);
  });

  it('enforces a batched limit within half of it per other replica, and an exact one exactly', async () => {
    const pasan = async (nombre: string, limite: number) => {
      const clave = randomUUID();
      let pasaron = 0;
      // Both replicas burst before either reports.
      for (let i = 0; i < 3 * limite; i++) if (!(await (i % 2 ? b : a).increment(clave, MINUTO, limite, 30_000, nombre)).isBlocked) pasaron++;
      return { clave, pasaron };
    };
    const lotes = await pasan('default', 10);
    expect(lotes.pasaron).toBeGreaterThanOrEqual(10);
    expect(lotes.pasaron).toBeLessThanOrEqual(15);
    const exacto = await pasan('publico', 10);
    expect(exacto.pasaron).toBe(10);
    await a.informar();
    await b.informar();
    // The blocks are in Redis: a third replica refuses the client too, the exact limit at once
    // and the batched one from its first report on.
    const c = await conectar();
    try {
      expect(await c.increment(exacto.clave, MINUTO, 10, 30_000, 'publico')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
      await c.increment(lotes.clave, MINUTO, 10, 30_000, 'default');
      await c.informar();
      expect(await c.increment(lotes.clave, MINUTO, 10, 30_000, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    } finally {
      await c.onApplicationShutdown();
    }
  });

  it('blocks past the limit for the block duration, under the configured prefix', async () => {
    const clave = randomUUID();
    expect((await a.increment(clave, MINUTO, 2, 30_000, 'publico')).isBlocked).toBe(false);
    expect((await a.increment(clave, MINUTO, 2, 30_000, 'publico')).isBlocked).toBe(false);
    expect(await a.increment(clave, MINUTO, 2, 30_000, 'publico')).toMatchObject({ isBlocked: true, totalHits: 3, timeToBlockExpire: 30 });
    const claves = await crudo.keys(`*${clave}*`);
    expect(claves.length).toBe(2);
    expect(claves.every((k) => k.startsWith(`${prefijo}ratelimit:`))).toBe(true);
  });

  it('starts a new window when the old one ends', async () => {
    const clave = randomUUID();
    expect(await a.increment(clave, 300, 2, 300, 'default')).toMatchObject({ isBlocked: false });
    expect(await a.increment(clave, 300, 2, 300, 'default')).toMatchObject({ isBlocked: false });
    expect(await a.increment(clave, 300, 2, 300, 'default')).toMatchObject({ isBlocked: true });
    await new Promise((r) => setTimeout(r, 650));
    expect(await a.increment(clave, 300, 2, 300, 'default')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('lets requests through while Redis is slow or gone, and counts again once it is back', async () => {
    const clave = randomUUID();
    servidor.pause();
    try {
      // Each hit asks Redis (an exact limit): it times out, and the request passes uncounted.
      for (let i = 0; i < 3; i++) expect(await a.increment(clave, MINUTO, 1, MINUTO, 'publico')).toMatchObject({ isBlocked: false, totalHits: 0 });
    } finally {
      servidor.resume();
    }
    await servidor.kill();
    for (let i = 0; i < 3; i++) expect((await a.increment(randomUUID(), MINUTO, 1, MINUTO, 'publico')).isBlocked).toBe(false);
    await servidor.restart();
    crudo.disconnect();
    crudo = new Redis(servidor.url);
    const otra = randomUUID();
    let ultimo = await a.increment(otra, MINUTO, 1, MINUTO, 'publico');
    for (let i = 0; i < 50 && ultimo.totalHits === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ultimo = await a.increment(otra, MINUTO, 1, MINUTO, 'publico');
    }
    expect(ultimo).toMatchObject({ isBlocked: false, totalHits: 1 });
    expect(await a.increment(otra, MINUTO, 1, MINUTO, 'publico')).toMatchObject({ isBlocked: true, totalHits: 2 });
  });
});
