import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { ms } from '../common/time-window.parser';
import { MetricsSourceHolder, RedisRoles } from '../monitor/monitor.module';
import {
  Exclusion,
  Labels,
  LatencyRow,
  MetricsSource,
  RangeRow,
  TimeRange,
  ValueRow,
  labelKey,
} from '../sources/metrics.source';

/** Probes and scrapes say nothing about users' requests (as in the alert rules). */
const NOT_API: Exclusion = { label: 'route', regex: '/health/.*|/metrics' };

export interface Alert {
  kind: 'cache_hit_rate' | 'pool_saturation' | 'slow_query' | 'cache_memory';
  severity: 'warning' | 'critical';
  message: string;
  figures: Record<string, unknown>;
}

const latencyOut = (r: LatencyRow) => ({ count: r.count, p50Ms: ms(r.p50), p95Ms: ms(r.p95), p99Ms: ms(r.p99) });

/** Hit rate per (job, namespace) from cache_requests_total rows by result; bypass does not count. */
export function hitRates(rows: ValueRow[]) {
  const by = new Map<string, { app: string; namespace: string; hits: number; misses: number; errors: number }>();
  for (const { labels, value } of rows) {
    const key = labelKey(labels, ['job', 'namespace']);
    const r = by.get(key) ?? { app: labels.job, namespace: labels.namespace, hits: 0, misses: 0, errors: 0 };
    if (labels.result === 'hit') r.hits += value;
    else if (labels.result === 'miss') r.misses += value;
    else if (labels.result === 'error') r.errors += value;
    by.set(key, r);
  }
  return [...by.values()]
    .map((r) => {
      const lookups = r.hits + r.misses + r.errors;
      return {
        ...r,
        hits: Math.round(r.hits),
        misses: Math.round(r.misses),
        errors: Math.round(r.errors),
        lookups: Math.round(lookups),
        hitRate: lookups > 0 ? r.hits / lookups : null,
      };
    })
    .filter((r) => r.lookups > 0);
}

/** Pool use per (job, pool) from the pool gauges. */
export function poolUsage(used: ValueRow[], max: ValueRow[], pending: ValueRow[]) {
  const key = (l: Labels) => labelKey(l, ['job', 'pool']);
  const maxBy = new Map(max.map((r) => [key(r.labels), r.value]));
  const pendingBy = new Map(pending.map((r) => [key(r.labels), r.value]));
  return used
    .filter((r) => r.labels.state === 'used')
    .map((r) => {
      const m = maxBy.get(key(r.labels)) ?? null;
      return {
        app: r.labels.job,
        pool: r.labels.pool,
        used: r.value,
        max: m,
        pending: pendingBy.get(key(r.labels)) ?? 0,
        usage: m ? r.value / m : null,
      };
    });
}

/** The figures of GET /metrics and GET /analytics, from whichever source is configured. */
@Injectable()
export class SummaryService {
  constructor(
    private readonly holder: MetricsSourceHolder,
    private readonly redis: RedisRoles,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get source(): MetricsSource {
    return this.holder.source;
  }

  async summary(windowSeconds: number) {
    const s = this.source;
    await s.refresh();
    const [routes, dbOps, cache, used, max, pending, loop, memory, slow, cacheStore] = await Promise.all([
      s.latency('http_server_request_duration_seconds', ['method', 'route'], windowSeconds, NOT_API),
      s.latency('db_client_operation_duration_seconds', ['operation'], windowSeconds),
      s.increase('cache_requests_total', ['namespace', 'result'], windowSeconds),
      s.current('db_client_connections_usage', ['pool', 'state']),
      s.current('db_client_connections_max', ['pool']),
      s.current('db_client_connections_pending_requests', ['pool']),
      s.current('nodejs_eventloop_lag_p99_seconds', []),
      s.current('process_resident_memory_bytes', []),
      s.increase('db_slow_queries_total', ['operation'], windowSeconds),
      this.cacheStore(),
    ]);
    const cacheRows = hitRates(cache);
    const pools = poolUsage(used, max, pending);
    const operations = dbOps
      .map((r) => ({ app: r.labels.job, operation: r.labels.operation, ...latencyOut(r) }))
      .sort((a, b) => b.count - a.count);
    return {
      source: s.kind,
      windowSeconds,
      generatedAt: new Date().toISOString(),
      routes: routes
        .map((r) => ({ app: r.labels.job, method: r.labels.method, route: r.labels.route, ...latencyOut(r) }))
        .sort((a, b) => b.count - a.count),
      dbOperations: operations,
      cache: cacheRows,
      cacheStore,
      pools,
      eventLoop: loop.map((r) => ({ app: r.labels.job, lagP99Ms: ms(r.value) })),
      memory: memory.map((r) => ({ app: r.labels.job, residentBytes: r.value })),
      slowQueries: slow
        .filter((r) => r.value > 0)
        .map((r) => ({ app: r.labels.job, operation: r.labels.operation, count: Math.round(r.value) })),
      alerts: this.alerts(cacheRows, pools, operations, cacheStore),
    };
  }

  /** The cache Redis: keys (DBSIZE: exact on a dedicated cache Redis) and memory in use; nulls when it does not answer. */
  private async cacheStore(): Promise<{ available: boolean; entries: number | null; usedMemoryBytes: number | null }> {
    try {
      const client = this.redis.client('cache');
      const [entries, info] = await Promise.all([client.dbsize(), client.info('memory')]);
      const used = /^used_memory:(\d+)/m.exec(info)?.[1];
      return { available: true, entries, usedMemoryBytes: used === undefined ? null : Number(used) };
    } catch {
      return { available: false, entries: null, usedMemoryBytes: null };
    }
  }

  alerts(
    cache: ReturnType<typeof hitRates>,
    pools: ReturnType<typeof poolUsage>,
    operations: Array<{ app: string; operation: string; count: number; p99Ms: number | null }>,
    store: { usedMemoryBytes: number | null },
  ): Alert[] {
    const minRate = this.config.PERF_CACHE_HIT_RATE_MIN_PERCENT / 100;
    const maxPool = this.config.PERF_POOL_USAGE_MAX_PERCENT / 100;
    const slowMs = this.config.PERF_SLOW_QUERY_ALERT_MS;
    const maxMemory = this.config.PERF_CACHE_MEMORY_MAX_MB * 1024 * 1024;
    return [
      ...operations
        .filter((o) => o.p99Ms !== null && o.p99Ms >= slowMs)
        .map(
          (o): Alert => ({
            kind: 'slow_query',
            severity: 'warning',
            message: `${o.app}: ${o.operation} tarda ${o.p99Ms} ms (p99; umbral ${slowMs} ms)`,
            figures: { ...o, thresholdMs: slowMs },
          }),
        ),
      ...(store.usedMemoryBytes !== null && store.usedMemoryBytes > maxMemory
        ? [
            {
              kind: 'cache_memory' as const,
              severity: 'warning' as const,
              message: `La Redis de caché usa ${(store.usedMemoryBytes / 1024 / 1024).toFixed(1)} MB (umbral ${this.config.PERF_CACHE_MEMORY_MAX_MB} MB)`,
              figures: { usedMemoryBytes: store.usedMemoryBytes, thresholdMb: this.config.PERF_CACHE_MEMORY_MAX_MB },
            },
          ]
        : []),
      ...cache
        .filter((c) => c.hitRate !== null && c.hitRate < minRate)
        .map(
          (c): Alert => ({
            kind: 'cache_hit_rate',
            severity: 'warning',
            message: `${c.app}: la caché ${c.namespace} acierta ${(100 * (c.hitRate ?? 0)).toFixed(1)} % (umbral ${this.config.PERF_CACHE_HIT_RATE_MIN_PERCENT} %)`,
            figures: { ...c, thresholdPercent: this.config.PERF_CACHE_HIT_RATE_MIN_PERCENT },
          }),
        ),
      ...pools
        .filter((p) => p.usage !== null && p.usage > maxPool)
        .map(
          (p): Alert => ({
            kind: 'pool_saturation',
            severity: 'critical',
            message: `${p.app}: el pool ${p.pool} usa ${p.used} de ${p.max} conexiones`,
            figures: { ...p, thresholdPercent: this.config.PERF_POOL_USAGE_MAX_PERCENT },
          }),
        ),
    ];
  }

  async analytics(range: TimeRange) {
    const s = this.source;
    await s.refresh();
    const [routeP95, dbP95, cache, requests, slow] = await Promise.all([
      s.latencyRange('http_server_request_duration_seconds', ['method', 'route'], 0.95, range, NOT_API),
      s.latencyRange('db_client_operation_duration_seconds', ['operation'], 0.95, range),
      s.increaseRange('cache_requests_total', ['namespace', 'result'], range),
      s.increaseRange('http_server_request_duration_seconds_count', [], range),
      s.increaseRange('db_slow_queries_total', ['operation'], range),
    ]);
    const toMs = (rows: RangeRow[]) =>
      rows.map((r) => ({ labels: r.labels, points: r.points.map(([t, v]) => [t, ms(v)] as [number, number | null]) }));
    return {
      source: s.kind,
      from: new Date(range.start * 1000).toISOString(),
      to: new Date(range.end * 1000).toISOString(),
      stepSeconds: range.step,
      routeP95Ms: toMs(routeP95).map((r) => ({
        app: r.labels.job,
        method: r.labels.method,
        route: r.labels.route,
        points: r.points,
      })),
      dbOperationP95Ms: toMs(dbP95).map((r) => ({
        app: r.labels.job,
        operation: r.labels.operation,
        points: r.points,
      })),
      cacheHitRate: cacheHitRateSeries(cache),
      requests: requests.map((r) => ({ app: r.labels.job, points: r.points })),
      slowQueries: slow.map((r) => ({ app: r.labels.job, operation: r.labels.operation, points: r.points })),
    };
  }
}

/** Per (job, namespace) and instant: hits over hits + misses + errors. */
function cacheHitRateSeries(rows: RangeRow[]) {
  const series = new Map<
    string,
    { app: string; namespace: string; at: Map<number, { hits: number; total: number }> }
  >();
  for (const { labels, points } of rows) {
    if (labels.result === 'bypass') continue;
    const key = labelKey(labels, ['job', 'namespace']);
    const s = series.get(key) ?? { app: labels.job, namespace: labels.namespace, at: new Map() };
    for (const [t, v] of points) {
      const p = s.at.get(t) ?? { hits: 0, total: 0 };
      p.total += v;
      if (labels.result === 'hit') p.hits += v;
      s.at.set(t, p);
    }
    series.set(key, s);
  }
  return [...series.values()].map((s) => ({
    app: s.app,
    namespace: s.namespace,
    points: [...s.at]
      .filter(([, p]) => p.total > 0)
      .sort(([a], [b]) => a - b)
      .map(([t, p]) => [t, p.hits / p.total] as [number, number]),
  }));
}
