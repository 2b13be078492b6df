import { counter, histogram } from '../metrics';

export type CacheResult = 'hit' | 'miss' | 'error' | 'bypass';

/** Label values are namespaces chosen by code (`documento`, `documentos:list`), never ids. */
export const cacheRequests = counter(
  'cache_requests_total',
  'Cache lookups by namespace and result (hit, miss, error = Redis trouble served by the loader, bypass = cache disabled)',
  ['namespace', 'result'] as const,
);

export const cacheLoadDuration = histogram(
  'cache_load_duration_seconds',
  'Duration of the loader that fills a cache miss',
  ['namespace'] as const,
);

export const cacheInvalidations = counter(
  'cache_invalidations_total',
  'Namespace version bumps by result (ok, error); an error leaves old entries readable until their TTL',
  ['namespace', 'result'] as const,
);

/** Hit rate per namespace from this process's counters: hits over lookups that tried the cache. */
export async function hitRateByNamespace(): Promise<Record<string, number>> {
  const tried: Record<string, { hits: number; total: number }> = {};
  for (const { labels, value } of (await cacheRequests.get()).values) {
    const namespace = String(labels.namespace);
    if (labels.result === 'bypass') continue;
    const t = (tried[namespace] ??= { hits: 0, total: 0 });
    t.total += value;
    if (labels.result === 'hit') t.hits += value;
  }
  const rates: Record<string, number> = {};
  for (const [namespace, t] of Object.entries(tried))
    if (t.total > 0) rates[namespace] = t.hits / t.total;
  return rates;
}
