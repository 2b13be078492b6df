export type CacheKind =
  | 'detail'
  | 'list'
  | 'stats'
  | 'metrics'
  | 'pdf'
  | 'count'
  | 'analytics'
  | 'find'
  | 'search';

export interface CacheOptions {
  redisUrl: string;
  /** Prefix of every key this service writes; default `REDIS_KEY_PREFIX` or `mesa:`. */
  keyPrefix?: string;
  /** `false`: every call runs its loader (counted as `bypass`) and Redis is never contacted. */
  enabled?: boolean;
  /** Longest wait for one Redis command before it counts as a failure; default 150 ms. */
  commandTimeoutMs?: number;
  ttlSeconds?: Partial<Record<CacheKind, number>>;
  /** How long the circuit stays open before one probe may try Redis again; default 5000 ms. */
  circuitOpenMs?: number;
}

/** From the seeds: detail 10 min, lists 2 min, statistics 5 min, metrics 10 min, receipt PDF 1 h. */
export const DEFAULT_TTL_SECONDS: Readonly<Record<CacheKind, number>> = {
  detail: 600,
  list: 120,
  stats: 300,
  metrics: 600,
  pdf: 3600,
  count: 60,
  analytics: 300,
  find: 300,
  search: 180,
};

export interface CacheSettings {
  redisUrl: string;
  keyPrefix: string;
  enabled: boolean;
  commandTimeoutMs: number;
  ttlSeconds: Record<CacheKind, number>;
  circuitOpenMs: number;
}

export const CACHE_SETTINGS = Symbol('CACHE_SETTINGS');

export function resolveCacheSettings(o: CacheOptions): CacheSettings {
  return {
    redisUrl: o.redisUrl,
    keyPrefix: o.keyPrefix ?? process.env.REDIS_KEY_PREFIX ?? 'mesa:',
    enabled: o.enabled ?? true,
    commandTimeoutMs: o.commandTimeoutMs ?? 150,
    ttlSeconds: { ...DEFAULT_TTL_SECONDS, ...definedOnly(o.ttlSeconds ?? {}) },
    circuitOpenMs: o.circuitOpenMs ?? 5000,
  };
}

function definedOnly(
  ttl: Partial<Record<CacheKind, number>>,
): Partial<Record<CacheKind, number>> {
  return Object.fromEntries(
    Object.entries(ttl).filter(([, seconds]) => seconds !== undefined),
  );
}
