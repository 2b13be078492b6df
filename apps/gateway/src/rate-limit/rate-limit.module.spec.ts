import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { conexionLimites, ContadorQueFallaAbierto } from './rate-limit.module';

function puertoLibre(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function listo(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      return;
    } catch {
      r.disconnect();
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  throw new Error(`redis at ${url} did not start`);
}

describe('ContadorQueFallaAbierto', () => {
  let servidor: ChildProcess;
  let redis: Redis;
  let contador: ContadorQueFallaAbierto;

  beforeAll(async () => {
    // A Redis of this test's own, so it can be stopped without touching the shared one.
    const port = await puertoLibre();
    servidor = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    await listo(url);
    redis = conexionLimites({ REDIS_URL: url, CACHE_REDIS_URL: undefined, REDIS_KEY_PREFIX: `t-${randomUUID()}:`, CACHE_COMMAND_TIMEOUT_MS: 200 });
    await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
    contador = new ContadorQueFallaAbierto(redis);
  });

  afterAll(async () => {
    await contador?.onApplicationShutdown();
    if (servidor.exitCode === null) servidor.kill('SIGKILL');
  });

  it('counts in Redis and blocks past the limit, for the block duration', async () => {
    const clave = randomUUID();
    expect((await contador.increment(clave, 60_000, 2, 30_000, 'publico')).isBlocked).toBe(false);
    expect((await contador.increment(clave, 60_000, 2, 30_000, 'publico')).isBlocked).toBe(false);
    const tercero = await contador.increment(clave, 60_000, 2, 30_000, 'publico');
    expect(tercero).toMatchObject({ isBlocked: true, totalHits: 3, timeToBlockExpire: 30 });
    // Under the configured prefix, so test runs and deployments sharing a Redis do not collide.
    const crudo = new Redis(redis.options.port ?? 6379, redis.options.host ?? '127.0.0.1');
    try {
      const claves = await crudo.keys('*');
      expect(claves.length).toBeGreaterThan(0);
      expect(claves.every((k) => k.startsWith(`${redis.options.keyPrefix}`))).toBe(true);
    } finally {
      crudo.disconnect();
    }
  });

  it('lets requests through when Redis is gone', async () => {
    const clave = randomUUID();
    const parado = new Promise((resolve) => servidor.once('exit', resolve));
    servidor.kill('SIGKILL');
    await parado;
    for (let i = 0; i < 5; i++) {
      expect(await contador.increment(clave, 60_000, 1, 60_000, 'publico')).toEqual({
        totalHits: 0,
        timeToExpire: 60,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
  });
});
