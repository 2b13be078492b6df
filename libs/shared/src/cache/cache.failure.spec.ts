import { createClient } from '@keyv/redis';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  StartedCache,
  requestCount,
  startCache,
  uniquePrefix,
} from './cache.fixture';
import { freePort, RedisServer, startRedisServer } from '../testing';

/**
 * Not a benchmark: far above the 150 ms command timeout, far below the node-redis defaults
 * (5 s connect timeout, commands queued until reconnect) that would apply without our settings.
 */
const MAX_DEGRADED_CALL_MS = 1000;

async function timed<T>(
  run: () => Promise<T>,
): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** Calls until the loader is skipped (a hit) or the attempts run out; returns whether it hit. */
async function untilHit(
  started: StartedCache,
  namespace: string,
  attempts: number,
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    let loaded = false;
    await started.cache.getOrLoad(namespace, 'k', 'detail', async () => {
      loaded = true;
      return 'value';
    });
    if (!loaded) return true;
    await sleep(50);
  }
  return false;
}

describe('CacheService when Redis is in trouble', () => {
  it('with nothing listening, answers every call from the loader, at once, counting errors', async () => {
    const started = await startCache({
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      keyPrefix: uniquePrefix(),
      circuitOpenMs: 60_000,
    });
    try {
      const errorsBefore = await requestCount('t-dead', 'error');
      for (let i = 0; i < 20; i++) {
        const { value, ms } = await timed(() =>
          started.cache.getOrLoad(
            't-dead',
            `k${i}`,
            'detail',
            async () => `loaded-${i}`,
          ),
        );
        expect(value).toBe(`loaded-${i}`);
        expect(ms).toBeLessThan(MAX_DEGRADED_CALL_MS);
      }
      expect((await requestCount('t-dead', 'error')) - errorsBefore).toBe(20);
      expect(started.cache.isAvailable()).toBe(false);
      await expect(started.cache.invalidate('t-dead')).resolves.toBeUndefined();
      await expect(
        started.cache.delete('t-dead', 'k0'),
      ).resolves.toBeUndefined();
      expect(await started.cache.stats()).toMatchObject({
        available: false,
        entries: null,
        memoryBytes: null,
      });
    } finally {
      await started.close();
    }
  });

  describe('with a redis-server of its own', () => {
    let server: RedisServer;
    let started: StartedCache;

    beforeEach(async () => {
      server = await startRedisServer();
      started = await startCache({
        redisUrl: server.url,
        keyPrefix: uniquePrefix(),
        circuitOpenMs: 300,
      });
    });
    afterEach(async () => {
      server.resume();
      await started.close();
      await server.kill();
    });

    it('does not blame Redis for its own busy event loop: the answer read right after a late timer is a hit', async () => {
      expect(await untilHit(started, 't-busy', 2)).toBe(true);
      const errores = await requestCount('t-busy', 'error');
      // More lookups than it takes to open the circuit, each with the loop blocked past the 150 ms
      // timeout while Redis answers: the timer fires late, and the answer is read before it counts.
      for (let i = 0; i < 8; i++) {
        let loaded = false;
        const lookup = started.cache.getOrLoad('t-busy', 'k', 'detail', async () => {
          loaded = true;
          return 'value';
        });
        const until = performance.now() + 400;
        while (performance.now() < until) {
          // the event loop is busy, as under overload
        }
        await lookup;
        expect(loaded).toBe(false);
      }
      expect(await requestCount('t-busy', 'error')).toBe(errores);
      expect(started.cache.isAvailable()).toBe(true);
    });

    it('times out commands to a Redis that stopped answering, opens the circuit, and closes it when Redis answers again', async () => {
      expect(await untilHit(started, 't-paused', 2)).toBe(true);
      server.pause();
      const errorsBefore = await requestCount('t-paused', 'error');
      for (let i = 0; i < 8; i++) {
        const { value, ms } = await timed(() =>
          started.cache.getOrLoad(
            't-paused',
            'k',
            'detail',
            async () => 'from-db',
          ),
        );
        expect(value).toBe('from-db');
        expect(ms).toBeLessThan(MAX_DEGRADED_CALL_MS);
      }
      expect((await requestCount('t-paused', 'error')) - errorsBefore).toBe(8);
      expect(started.cache.isAvailable()).toBe(false);
      server.resume();
      // The entry written before the pause is still there: once the circuit half-opens, it is a hit.
      expect(await untilHit(started, 't-paused', 40)).toBe(true);
      expect(started.cache.isAvailable()).toBe(true);
    });

    it('recovers after Redis is killed and restarted, without recreating the service', async () => {
      expect(await untilHit(started, 't-restart', 2)).toBe(true);
      await server.kill();
      const errorsBefore = await requestCount('t-restart', 'error');
      for (let i = 0; i < 10; i++) {
        const { value, ms } = await timed(() =>
          started.cache.getOrLoad(
            't-restart',
            'k',
            'detail',
            async () => 'from-db',
          ),
        );
        expect(value).toBe('from-db');
        expect(ms).toBeLessThan(MAX_DEGRADED_CALL_MS);
      }
      expect((await requestCount('t-restart', 'error')) - errorsBefore).toBe(
        10,
      );
      expect(started.cache.isAvailable()).toBe(false);

      await server.restart();
      expect(await untilHit(started, 't-restart', 60)).toBe(true);
      expect(started.cache.isAvailable()).toBe(true);
    });

    it('never sends KEYS or SCAN, and invalidates with one INCR per namespace', async () => {
      const admin = createClient({ url: server.url });
      await admin.connect();
      try {
        await admin.configResetStat();
        for (let i = 0; i < 5; i++)
          await started.cache.getOrLoad(
            't-ops',
            { page: i },
            'list',
            async () => i,
          );
        await started.cache.getOrLoad(
          't-ops',
          { page: 0 },
          'list',
          async () => -1,
        );
        await started.cache.invalidate('t-ops', 't-otro');
        await started.cache.delete('t-ops', { page: 1 });
        await started.cache.stats();
        const commandStats = await admin.info('commandstats');
        expect(commandStats).not.toMatch(/cmdstat_(keys|scan):/);
        expect(/cmdstat_incr:calls=(\d+)/.exec(commandStats)?.[1]).toBe('2');
      } finally {
        admin.destroy();
      }
    });
  });
});
