import { CACHE_MANAGER, type Cache } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Keyv } from 'keyv';
import { CacheKey, CacheKeyBuilder, keyPart } from './cache-key.builder';
import { CACHE_SETTINGS, CacheKind, CacheSettings } from './cache.options';
import {
  CacheResult,
  cacheInvalidations,
  cacheLoadDuration,
  cacheRequests,
  hitRateByNamespace,
} from './cache.metrics';
import { CacheRedisClient, CacheRedisStore } from './cache-redis.store';
import { CircuitBreaker } from './circuit.breaker';

/** Consecutive failed commands that open the circuit. */
const FAILURES_TO_OPEN = 5;
/** Longest wait at boot for the first connection outcome, so the first requests find Redis ready. */
const BOOT_CONNECT_WAIT_MS = 1000;

interface CacheEntry<T> {
  value: T;
  /** Only with stale-while-revalidate: after this instant the entry is served but refreshed. */
  freshUntil?: number;
}

export interface GetOrLoadOptions {
  ttlSeconds?: number;
  /** Serve an expired entry (for up to one more TTL) while one background load refreshes it. */
  staleWhileRevalidate?: boolean;
}

export interface CacheStats {
  available: boolean;
  /** DBSIZE: every key of the Redis database, an estimate that is exact only on a dedicated cache Redis. */
  entries: number | null;
  memoryBytes: number | null;
  hitRateByNamespace: Record<string, number>;
}

/** A lookup in flight, shared by every concurrent caller of the same key in this process. */
interface Flight {
  promise: Promise<unknown>;
  /** Where the answer came from; set before the loader runs so callers count it even if it fails. */
  result?: CacheResult;
}

class CacheUnavailableError extends Error {
  constructor() {
    super('cache circuit is open');
  }
}

/**
 * Rejects when the command has not answered within `ms`. A timer that fires late measured this
 * process's busy event loop, not Redis: the answer may be waiting unread in the socket, and timers
 * run before the loop reads its sockets. So a late timer looks once more after the next read
 * (setImmediate runs after it) before calling it a timeout; otherwise an overloaded app would turn
 * its cache hits into timeouts, open the circuit and add the loads it was spared.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const due = performance.now() + ms;
  const expired = new Promise<never>((_, reject) => {
    const fail = () => reject(new Error(`cache command timed out after ${ms} ms`));
    timer = setTimeout(() => (performance.now() - due > ms / 2 ? setImmediate(fail) : fail()), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Cache-aside over Redis: `getOrLoad` answers from the cache or runs the loader and stores its
 * result. Redis trouble is never the caller's problem: it turns into a load from the source of
 * truth, counted as `error`.
 */
@Injectable()
export class CacheService implements OnModuleInit {
  private readonly logger = new Logger(CacheService.name);
  private readonly keys: CacheKeyBuilder;
  private readonly circuit: CircuitBreaker;
  private readonly redis?: CacheRedisClient;
  /**
   * Reads go to the Keyv store itself: cache-manager's `get` turns a store error into a plain miss,
   * which would hide Redis trouble from the error count and the circuit. Writes go through cache-manager.
   */
  private readonly values?: Keyv;
  private readonly flights = new Map<string, Flight>();
  private readonly refreshing = new Set<string>();
  private lastCommandOk = false;

  constructor(
    @Inject(CACHE_SETTINGS) private readonly settings: CacheSettings,
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
  ) {
    this.keys = new CacheKeyBuilder(settings.keyPrefix);
    this.circuit = new CircuitBreaker(FAILURES_TO_OPEN, settings.circuitOpenMs);
    if (!settings.enabled) return;
    const keyv = cache.stores[0];
    const store: unknown = keyv?.store;
    if (!(store instanceof CacheRedisStore))
      throw new Error(
        'CacheService needs the Redis store registered by AppCacheModule',
      );
    this.values = keyv;
    this.redis = store.redis;
  }

  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    const firstOutcome = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, BOOT_CONNECT_WAIT_MS);
      redis.on('ready', done).on('error', done);
    });
    // Never awaited: with a reconnect strategy that never gives up, connect() settles only once
    // Redis answers. Until then commands fail at once (no offline queue) and requests load instead.
    redis
      .connect()
      .catch((err: Error) =>
        this.logger.warn(`cache Redis connection ended: ${err.message}`),
      );
    await firstOutcome;
    this.lastCommandOk = redis.isReady;
  }

  async getOrLoad<T>(
    namespace: string,
    key: CacheKey,
    kind: CacheKind,
    loader: () => Promise<T>,
    opts: GetOrLoadOptions = {},
  ): Promise<T> {
    if (!this.settings.enabled) {
      cacheRequests.inc({ namespace, result: 'bypass' });
      return this.load(namespace, loader);
    }
    const part = keyPart(key);
    const flightKey = `${namespace}\u0000${part}`;
    let flight = this.flights.get(flightKey);
    if (!flight) {
      const started: Flight = { promise: Promise.resolve() };
      started.promise = this.lookupOrLoad(
        namespace,
        part,
        kind,
        loader,
        opts,
        started,
      ).finally(() => {
        if (this.flights.get(flightKey) === started)
          this.flights.delete(flightKey);
      });
      this.flights.set(flightKey, started);
      flight = started;
    }
    try {
      return (await flight.promise) as T;
    } finally {
      cacheRequests.inc({ namespace, result: flight.result ?? 'error' });
    }
  }

  /**
   * The entry kept under `namespace` and `key`, without loading anything on a miss: how an app
   * reads a cache that another app fills and invalidates (the gateway reads documentos'
   * details). `undefined` on a miss, an entry due for refresh, Redis trouble or a disabled
   * cache; counted like getOrLoad.
   */
  async peek<T>(namespace: string, key: CacheKey): Promise<T | undefined> {
    if (!this.settings.enabled || !this.redis) {
      cacheRequests.inc({ namespace, result: 'bypass' });
      return undefined;
    }
    let result: CacheResult = 'error';
    try {
      const valueKey = this.keys.valueKey(namespace, await this.readVersion(namespace), key);
      const entry = await this.command(() => (this.values as Keyv).get<CacheEntry<T>>(valueKey));
      const fresh = entry !== undefined && (entry.freshUntil === undefined || entry.freshUntil > Date.now());
      result = fresh ? 'hit' : 'miss';
      return fresh ? entry.value : undefined;
    } catch {
      return undefined;
    } finally {
      cacheRequests.inc({ namespace, result });
    }
  }

  /**
   * Makes every entry of the namespaces unreachable, on every replica, with one INCR each. Call it
   * after the database commit: a load that read the old data also read the old version, so it can
   * only ever write under the version being retired.
   */
  async invalidate(...namespaces: string[]): Promise<void> {
    if (!this.redis) return;
    const redis = this.redis;
    await Promise.all(
      namespaces.map(async (namespace) => {
        // Callers arriving after this must not join a load that started before it.
        for (const flightKey of this.flights.keys())
          if (flightKey.startsWith(`${namespace}\u0000`))
            this.flights.delete(flightKey);
        try {
          await this.command(() => redis.incr(this.keys.versionKey(namespace)));
          cacheInvalidations.inc({ namespace, result: 'ok' });
        } catch (err) {
          cacheInvalidations.inc({ namespace, result: 'error' });
          this.logger.warn(
            `cache invalidation of ${namespace} failed, entries stay until their TTL: ${(err as Error).message}`,
          );
        }
      }),
    );
  }

  async delete(namespace: string, key: CacheKey): Promise<void> {
    if (!this.redis) return;
    try {
      const valueKey = this.keys.valueKey(
        namespace,
        await this.readVersion(namespace),
        key,
      );
      await this.command(() => this.cache.del(valueKey));
    } catch (err) {
      this.logger.warn(
        `cache delete in ${namespace} failed, the entry stays until its TTL: ${(err as Error).message}`,
      );
    }
  }

  async stats(): Promise<CacheStats> {
    const hitRates = await hitRateByNamespace();
    const redis = this.redis;
    if (!redis)
      return {
        available: false,
        entries: null,
        memoryBytes: null,
        hitRateByNamespace: hitRates,
      };
    try {
      const [entries, memory] = await Promise.all([
        this.command(() => redis.dbSize()),
        this.command(() => redis.info('memory')),
      ]);
      const usedMemory = /^used_memory:(\d+)/m.exec(memory)?.[1];
      return {
        available: true,
        entries,
        memoryBytes: usedMemory === undefined ? null : Number(usedMemory),
        hitRateByNamespace: hitRates,
      };
    } catch {
      return {
        available: false,
        entries: null,
        memoryBytes: null,
        hitRateByNamespace: hitRates,
      };
    }
  }

  /** Circuit closed and the last Redis command succeeded. */
  isAvailable(): boolean {
    return this.circuit.current === 'closed' && this.lastCommandOk;
  }

  private async lookupOrLoad<T>(
    namespace: string,
    part: string,
    kind: CacheKind,
    loader: () => Promise<T>,
    opts: GetOrLoadOptions,
    flight: Flight,
  ): Promise<T> {
    const values = this.values as Keyv;
    let valueKey: string;
    let entry: CacheEntry<T> | undefined;
    try {
      valueKey = this.keys.valueKeyFromPart(
        namespace,
        await this.readVersion(namespace),
        part,
      );
      entry = await this.command(() => values.get<CacheEntry<T>>(valueKey));
    } catch {
      flight.result = 'error';
      return this.load(namespace, loader);
    }
    const ttlMs = (opts.ttlSeconds ?? this.settings.ttlSeconds[kind]) * 1000;
    if (entry) {
      flight.result = 'hit';
      if (entry.freshUntil !== undefined && entry.freshUntil <= Date.now())
        this.refreshInBackground(namespace, valueKey, ttlMs, loader);
      return entry.value;
    }
    flight.result = 'miss';
    const value = await this.load(namespace, loader);
    await this.write(
      valueKey,
      value,
      ttlMs,
      opts.staleWhileRevalidate === true,
    );
    return value;
  }

  private refreshInBackground<T>(
    namespace: string,
    valueKey: string,
    ttlMs: number,
    loader: () => Promise<T>,
  ): void {
    if (this.refreshing.has(valueKey)) return;
    this.refreshing.add(valueKey);
    this.load(namespace, loader)
      .then((value) => this.write(valueKey, value, ttlMs, true))
      .catch((err: Error) =>
        this.logger.warn(
          `background refresh in ${namespace} failed, the stale entry stays: ${err.message}`,
        ),
      )
      .finally(() => this.refreshing.delete(valueKey));
  }

  /** A failed write only costs a future miss, so it is logged by the circuit, never thrown. */
  private async write<T>(
    valueKey: string,
    value: T,
    ttlMs: number,
    staleWhileRevalidate: boolean,
  ): Promise<void> {
    const entry: CacheEntry<T> = staleWhileRevalidate
      ? { value, freshUntil: Date.now() + ttlMs }
      : { value };
    try {
      // With stale-while-revalidate the entry outlives its freshness by one TTL, the window in which it is served stale.
      await this.command(() =>
        this.cache.set(
          valueKey,
          entry,
          staleWhileRevalidate ? ttlMs * 2 : ttlMs,
        ),
      );
    } catch {
      // Already counted by the circuit; the next lookup is a miss.
    }
  }

  private async load<T>(
    namespace: string,
    loader: () => Promise<T>,
  ): Promise<T> {
    const end = cacheLoadDuration.startTimer({ namespace });
    try {
      return await loader();
    } finally {
      end();
    }
  }

  /**
   * A namespace with no version yet (first use, flushed or evicted) starts from a time-based number,
   * so a fresh counter can never come back to a version whose entries are still alive.
   */
  private async readVersion(namespace: string): Promise<string> {
    const redis = this.redis as CacheRedisClient;
    const versionKey = this.keys.versionKey(namespace);
    const version = await this.command(() => redis.get(versionKey));
    if (version !== null) return version;
    const seed = String(Date.now() * 1000);
    const existing = await this.command(() =>
      redis.set(versionKey, seed, { condition: 'NX', GET: true }),
    );
    return existing ?? seed;
  }

  /** Every Redis command goes through here: the circuit decides whether to try, the timeout bounds the wait. */
  private async command<T>(run: () => Promise<T>): Promise<T> {
    if (!this.redis?.isOpen || !this.circuit.tryAcquire())
      throw new CacheUnavailableError();
    try {
      const result = await withTimeout(run(), this.settings.commandTimeoutMs);
      if (this.circuit.current !== 'closed')
        this.logger.log('cache Redis answers again, circuit closed');
      this.circuit.recordSuccess();
      this.lastCommandOk = true;
      return result;
    } catch (err) {
      this.lastCommandOk = false;
      const before = this.circuit.current;
      this.circuit.recordFailure();
      if (before !== 'open' && this.circuit.current === 'open') {
        this.logger.warn(
          `cache circuit opened for ${this.settings.circuitOpenMs} ms: ${(err as Error).message}`,
        );
      }
      throw err;
    }
  }
}
