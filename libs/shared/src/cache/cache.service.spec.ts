import { createClient } from '@keyv/redis';
import { setTimeout as sleep } from 'node:timers/promises';
import { CacheKeyBuilder } from './cache-key.builder';
import { CacheKind, DEFAULT_TTL_SECONDS } from './cache.options';
import {
  StartedCache,
  deferred,
  requestCount,
  startCache,
  uniquePrefix,
} from './cache.fixture';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('CacheService on the shared Redis', () => {
  const raw = createClient({ url: redisUrl });
  let prefix: string;
  let keys: CacheKeyBuilder;
  let a: StartedCache;
  let b: StartedCache;

  beforeAll(async () => {
    await raw.connect();
  });
  afterAll(async () => {
    raw.destroy();
  });
  beforeEach(async () => {
    prefix = uniquePrefix();
    keys = new CacheKeyBuilder(prefix);
    a = await startCache({
      redisUrl,
      keyPrefix: prefix,
      ttlSeconds: { list: 30 },
    });
    b = await startCache({ redisUrl, keyPrefix: prefix });
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    for await (const batch of raw.scanIterator({
      MATCH: `${prefix}*`,
      COUNT: 1000,
    }))
      if (batch.length) await raw.del(batch);
  });

  async function storedKey(
    namespace: string,
    key: string | Record<string, unknown>,
  ): Promise<string> {
    const version = await raw.get(keys.versionKey(namespace));
    return keys.valueKey(namespace, version ?? 'none', key);
  }

  it('loads on a miss, then answers from Redis without calling the loader', async () => {
    const loader = jest.fn(async () => ({ id: 7, asunto: 'Solicitud' }));
    expect(
      await a.cache.getOrLoad('t-documento', '7', 'detail', loader),
    ).toEqual({ id: 7, asunto: 'Solicitud' });
    expect(
      await a.cache.getOrLoad('t-documento', '7', 'detail', loader),
    ).toEqual({ id: 7, asunto: 'Solicitud' });
    expect(loader).toHaveBeenCalledTimes(1);
    expect(await raw.exists(await storedKey('t-documento', '7'))).toBe(1);
    expect(a.cache.isAvailable()).toBe(true);
  });

  it('stores each kind with its default TTL, overridable per module and per call', async () => {
    for (const kind of Object.keys(DEFAULT_TTL_SECONDS) as CacheKind[]) {
      await b.cache.getOrLoad('t-ttl', kind, kind, async () => kind);
      const pttl = await raw.pTTL(await storedKey('t-ttl', kind));
      expect(pttl).toBeGreaterThan((DEFAULT_TTL_SECONDS[kind] - 5) * 1000);
      expect(pttl).toBeLessThanOrEqual(DEFAULT_TTL_SECONDS[kind] * 1000);
    }
    await a.cache.getOrLoad('t-ttl-module', 'l', 'list', async () => 1);
    expect(
      await raw.pTTL(await storedKey('t-ttl-module', 'l')),
    ).toBeLessThanOrEqual(30_000);
    expect(
      await raw.pTTL(await storedKey('t-ttl-module', 'l')),
    ).toBeGreaterThan(25_000);
    await a.cache.getOrLoad('t-ttl-call', 'l', 'list', async () => 1, {
      ttlSeconds: 7,
    });
    expect(
      await raw.pTTL(await storedKey('t-ttl-call', 'l')),
    ).toBeLessThanOrEqual(7_000);
    expect(await raw.pTTL(await storedKey('t-ttl-call', 'l'))).toBeGreaterThan(
      2_000,
    );
  });

  it('after replica A invalidates, replica B loads again instead of serving the old value', async () => {
    expect(
      await a.cache.getOrLoad(
        't-bandeja',
        { area: 3 },
        'list',
        async () => 'v1',
      ),
    ).toBe('v1');
    const bLoader = jest.fn(async () => 'unexpected');
    expect(
      await b.cache.getOrLoad('t-bandeja', { area: 3 }, 'list', bLoader),
    ).toBe('v1');
    expect(bLoader).not.toHaveBeenCalled();
    const oldKey = await storedKey('t-bandeja', { area: 3 });
    const versionBefore = Number(await raw.get(keys.versionKey('t-bandeja')));

    await a.cache.invalidate('t-bandeja');

    expect(Number(await raw.get(keys.versionKey('t-bandeja')))).toBe(
      versionBefore + 1,
    );
    expect(
      await b.cache.getOrLoad(
        't-bandeja',
        { area: 3 },
        'list',
        async () => 'v2',
      ),
    ).toBe('v2');
    expect(
      await a.cache.getOrLoad(
        't-bandeja',
        { area: 3 },
        'list',
        async () => 'unexpected',
      ),
    ).toBe('v2');
    // Invalidation deletes nothing: the old entry is only unreachable and leaves by its TTL.
    expect(await raw.exists(oldKey)).toBe(1);
  });

  it('invalidates only the namespaces named', async () => {
    await a.cache.getOrLoad('t-uno', 'k', 'detail', async () => 'uno');
    await a.cache.getOrLoad('t-dos', 'k', 'detail', async () => 'dos');
    await b.cache.invalidate('t-uno');
    expect(
      await a.cache.getOrLoad('t-uno', 'k', 'detail', async () => 'uno-2'),
    ).toBe('uno-2');
    expect(
      await a.cache.getOrLoad('t-dos', 'k', 'detail', async () => 'unexpected'),
    ).toBe('dos');
  });

  it('finds an object key whatever the order of its properties', async () => {
    await a.cache.getOrLoad(
      't-find',
      { estado: 'REGISTRADO', area: 2 },
      'find',
      async () => [1, 2],
    );
    const loader = jest.fn(async () => [9]);
    expect(
      await b.cache.getOrLoad(
        't-find',
        { area: 2, estado: 'REGISTRADO' },
        'find',
        loader,
      ),
    ).toEqual([1, 2]);
    expect(loader).not.toHaveBeenCalled();
  });

  it('deletes a single entry', async () => {
    await a.cache.getOrLoad('t-del', 'x', 'detail', async () => 'first');
    await a.cache.getOrLoad('t-del', 'y', 'detail', async () => 'other');
    await b.cache.delete('t-del', 'x');
    expect(
      await a.cache.getOrLoad('t-del', 'x', 'detail', async () => 'second'),
    ).toBe('second');
    expect(
      await a.cache.getOrLoad('t-del', 'y', 'detail', async () => 'unexpected'),
    ).toBe('other');
  });

  it('coalesces 50 concurrent misses into one loader run and gives all callers its result', async () => {
    const gate = deferred<{ total: number }>();
    const loader = jest.fn(() => gate.promise);
    const calls = Array.from({ length: 50 }, () =>
      a.cache.getOrLoad('t-count', 'all', 'count', loader),
    );
    await sleep(20);
    gate.resolve({ total: 42 });
    const results = await Promise.all(calls);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(results).toHaveLength(50);
    for (const r of results) expect(r).toEqual({ total: 42 });
    expect(await requestCount('t-count', 'miss')).toBe(50);
  });

  it('does not let a caller arriving after invalidate join a load that started before it', async () => {
    const before = deferred<string>();
    const first = a.cache.getOrLoad(
      't-race',
      'k',
      'detail',
      () => before.promise,
    );
    await sleep(20);
    await a.cache.invalidate('t-race');
    const afterLoader = jest.fn(async () => 'after');
    const second = a.cache.getOrLoad('t-race', 'k', 'detail', afterLoader);
    before.resolve('before');
    expect(await first).toBe('before');
    expect(await second).toBe('after');
    expect(afterLoader).toHaveBeenCalledTimes(1);
    // The early load wrote under the retired version, so it is never served.
    expect(
      await b.cache.getOrLoad(
        't-race',
        'k',
        'detail',
        async () => 'unexpected',
      ),
    ).toBe('after');
  });

  it('gives a failed load to every waiting caller and does not cache the failure', async () => {
    const gate = deferred<string>();
    const loader = jest.fn(() => gate.promise);
    const calls = Array.from({ length: 10 }, () =>
      a.cache.getOrLoad('t-fail', 'k', 'detail', loader),
    );
    await sleep(20);
    gate.reject(new Error('database down'));
    const settled = await Promise.allSettled(calls);
    expect(
      settled.every(
        (s) =>
          s.status === 'rejected' &&
          (s.reason as Error).message === 'database down',
      ),
    ).toBe(true);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(
      await a.cache.getOrLoad('t-fail', 'k', 'detail', async () => 'recovered'),
    ).toBe('recovered');
  });

  it('with stale-while-revalidate serves the stale entry at once and refreshes it in the background', async () => {
    const opts = { ttlSeconds: 0.2, staleWhileRevalidate: true };
    await a.cache.getOrLoad(
      't-stats',
      'area',
      'stats',
      async () => 'old',
      opts,
    );
    await sleep(300);
    const refresh = deferred<string>();
    const refreshLoader = jest.fn(() => refresh.promise);
    // The refresh is still pending, so this answer can only be the stale entry.
    expect(
      await a.cache.getOrLoad('t-stats', 'area', 'stats', refreshLoader, opts),
    ).toBe('old');
    expect(
      await a.cache.getOrLoad('t-stats', 'area', 'stats', refreshLoader, opts),
    ).toBe('old');
    expect(refreshLoader).toHaveBeenCalledTimes(1);
    refresh.resolve('new');
    let seen = 'old';
    for (let i = 0; i < 50 && seen === 'old'; i++) {
      await sleep(10);
      seen = await b.cache.getOrLoad(
        't-stats',
        'area',
        'stats',
        async () => 'unexpected',
        opts,
      );
    }
    expect(seen).toBe('new');
  });

  it('round-trips Buffers (receipt PDFs) through Redis', async () => {
    const pdf = Buffer.from('%PDF-1.7\n\u0000\u00ff binary', 'latin1');
    await a.cache.getOrLoad('t-pdf', 'cargo-1', 'pdf', async () => ({
      nombre: 'cargo.pdf',
      pdf,
    }));
    const cached = await b.cache.getOrLoad(
      't-pdf',
      'cargo-1',
      'pdf',
      async () => ({ nombre: 'unexpected', pdf: Buffer.alloc(0) }),
    );
    expect(cached.nombre).toBe('cargo.pdf');
    expect(Buffer.isBuffer(cached.pdf)).toBe(true);
    expect(cached.pdf.equals(pdf)).toBe(true);
    expect(
      Buffer.isBuffer(
        await b.cache.getOrLoad('t-pdf', 'bare', 'pdf', async () => pdf),
      ),
    ).toBe(true);
    expect(
      (
        await a.cache.getOrLoad('t-pdf', 'bare', 'pdf', async () =>
          Buffer.alloc(0),
        )
      ).equals(pdf),
    ).toBe(true);
  });

  it('counts hits and misses per namespace and reports Redis size and memory', async () => {
    await a.cache.getOrLoad('t-rate', 'k', 'metrics', async () => 1);
    for (let i = 0; i < 3; i++)
      await b.cache.getOrLoad('t-rate', 'k', 'metrics', async () => 2);
    expect(await requestCount('t-rate', 'hit')).toBe(3);
    expect(await requestCount('t-rate', 'miss')).toBe(1);
    const stats = await a.cache.stats();
    expect(stats.available).toBe(true);
    expect(stats.entries).toBeGreaterThanOrEqual(2);
    expect(stats.memoryBytes).toBeGreaterThan(0);
    expect(stats.hitRateByNamespace['t-rate']).toBe(0.75);
  });

  it('when disabled always loads, counts a bypass and writes nothing to Redis', async () => {
    const off = await startCache({
      redisUrl,
      keyPrefix: prefix,
      enabled: false,
    });
    try {
      const loader = jest.fn(async () => 'fresh');
      for (let i = 0; i < 3; i++)
        expect(await off.cache.getOrLoad('t-off', 'k', 'detail', loader)).toBe(
          'fresh',
        );
      await off.cache.invalidate('t-off');
      expect(loader).toHaveBeenCalledTimes(3);
      expect(await requestCount('t-off', 'bypass')).toBe(3);
      expect(await raw.keys(`${prefix}*t-off*`)).toEqual([]);
      expect((await off.cache.stats()).available).toBe(false);
    } finally {
      await off.close();
    }
  });
});
