/** One sample of the Prometheus text exposition format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses an app's /metrics answer (comments and malformed lines are skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(LABEL)) labels[key] = raw.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include every pair of `where`. */
export function sumOf(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** The counters the benchmark reads from every app, summed over the apps. */
export interface AppCounters {
  cacheHits: number;
  cacheMisses: number;
  cacheErrors: number;
  dbOperations: number;
}

export function countersOf(samples: Sample[]): AppCounters {
  return {
    cacheHits: sumOf(samples, 'cache_requests_total', { result: 'hit' }),
    cacheMisses: sumOf(samples, 'cache_requests_total', { result: 'miss' }),
    cacheErrors: sumOf(samples, 'cache_requests_total', { result: 'error' }),
    dbOperations: sumOf(samples, 'db_client_operation_duration_seconds_count'),
  };
}

export const addCounters = (a: AppCounters, b: AppCounters): AppCounters => ({
  cacheHits: a.cacheHits + b.cacheHits,
  cacheMisses: a.cacheMisses + b.cacheMisses,
  cacheErrors: a.cacheErrors + b.cacheErrors,
  dbOperations: a.dbOperations + b.dbOperations,
});

export const ZERO_COUNTERS: AppCounters = { cacheHits: 0, cacheMisses: 0, cacheErrors: 0, dbOperations: 0 };

/**
 * Database operations per request: the operations counted during the run, less what the apps do
 * on their own in that time (outbox relays, scheduled jobs, batched audit writes), measured idle.
 */
export function perRequest(
  operations: number,
  backgroundPerSecond: number,
  seconds: number,
  requests: number,
): number | null {
  if (requests <= 0) return null;
  return Math.round((Math.max(0, operations - backgroundPerSecond * seconds) / requests) * 100) / 100;
}

/**
 * Cache hit rate and database operations per request between two readings of the counters.
 * Hit rate: hits over lookups that tried the cache (null when none did, e.g. cache disabled).
 */
export function deltaFigures(
  before: AppCounters,
  after: AppCounters,
  requests: number,
  background: { dbOpsPerSecond: number; seconds: number } = { dbOpsPerSecond: 0, seconds: 0 },
): { cacheHitRate: number | null; queriesPerRequest: number | null } {
  const hits = after.cacheHits - before.cacheHits;
  const lookups = hits + (after.cacheMisses - before.cacheMisses) + (after.cacheErrors - before.cacheErrors);
  const operations = after.dbOperations - before.dbOperations;
  return {
    cacheHitRate: lookups > 0 ? Math.round((hits / lookups) * 1000) / 1000 : null,
    queriesPerRequest: perRequest(operations, background.dbOpsPerSecond, background.seconds, requests),
  };
}
