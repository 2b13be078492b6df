import { RunningApp } from '@mesa/shared/app';
import { freePort, RedisServer, startRedisServer, waitUntil } from '@mesa/shared/testing';
import { boot, getJson, perfMonitorApp } from './support';

/** The cache's Redis is not needed to serve: losing it degrades the suite, it does not bring it down. */
describe('GET /health follows the cache Redis', () => {
  let cacheRedis: RedisServer;
  let perf: RunningApp;

  beforeAll(async () => {
    cacheRedis = await startRedisServer();
    const port = await freePort();
    perf = await boot(perfMonitorApp, {
      PORT: String(port),
      CACHE_REDIS_URL: cacheRedis.url,
      MONITORED_APPS: `perf-monitor=http://127.0.0.1:${port}`,
    });
  });

  afterAll(async () => {
    await perf?.close();
    await cacheRedis?.stop();
  });

  const status = async () => {
    const res = await getJson(`${perf.url}/api/v1/performance/health`);
    const cache = res.body.dependencies.find((d: { name: string }) => d.name === 'redis-cache');
    return {
      overall: res.body.status as string,
      cache: cache.status as string,
      responseTimeMs: cache.responseTimeMs as number | null,
    };
  };

  it('is healthy, turns degraded when the cache Redis stops, and healthy again when it is back', async () => {
    expect(await status()).toEqual({ overall: 'healthy', cache: 'up', responseTimeMs: expect.any(Number) });

    await cacheRedis.stop();
    expect(await status()).toEqual({ overall: 'degraded', cache: 'down', responseTimeMs: null });
    const bus = (await getJson(`${perf.url}/api/v1/performance/health`)).body.dependencies.find(
      (d: { name: string }) => d.name === 'redis-bus',
    );
    expect(bus.status).toBe('up');

    await cacheRedis.restart();
    // The client reconnects by itself (backoff up to 1 s).
    expect(await waitUntil(async () => (await status()).overall === 'healthy', { timeoutMs: 10_000 })).toBe(true);
    expect(await status()).toEqual({ overall: 'healthy', cache: 'up', responseTimeMs: expect.any(Number) });
  });
});
