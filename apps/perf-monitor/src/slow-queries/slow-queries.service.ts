import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { ms } from '../common/time-window.parser';
import { MetricsSourceHolder } from '../monitor/monitor.module';
import { PgStatsRepository } from '../recommendations/pg-stats.repository';
import { labelKey } from '../sources/metrics.source';

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * GET /slow-queries: the statements of pg_stat_statements when PostgreSQL collects them;
 * otherwise the apps' own count of slow queries per operation (DB_SLOW_QUERY_MS), with the
 * operation's latency and the sequential scans their plans showed.
 */
@Injectable()
export class SlowQueriesService {
  constructor(
    private readonly pg: PgStatsRepository,
    private readonly holder: MetricsSourceHolder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(windowSeconds: number) {
    const thresholdMs = this.config.DB_SLOW_QUERY_MS;
    const alertMs = this.config.PERF_SLOW_QUERY_ALERT_MS;
    if (await this.pg.statementsAvailable()) {
      const rows = await this.pg.slowStatements(thresholdMs, 50);
      return {
        source: 'pg_stat_statements' as const,
        thresholdMs,
        alertThresholdMs: alertMs,
        windowSeconds: null,
        queries: rows.map((r) => ({
          query: r.query,
          calls: Number(r.calls),
          meanMs: round(r.mean_ms),
          maxMs: round(r.max_ms),
          totalMs: round(r.total_ms),
          rows: Number(r.rows),
          alert: r.max_ms >= alertMs,
        })),
      };
    }
    return {
      source: 'metrics' as const,
      thresholdMs,
      alertThresholdMs: alertMs,
      windowSeconds,
      queries: await this.fromMetrics(windowSeconds),
    };
  }

  /** Per app and operation: slow queries counted in the window, the operation's latency, its plans' seq scans. */
  async fromMetrics(windowSeconds: number) {
    const s = this.holder.source;
    await s.refresh();
    const [slow, latency, scans] = await Promise.all([
      s.increase('db_slow_queries_total', ['operation'], windowSeconds),
      s.latency('db_client_operation_duration_seconds', ['operation'], windowSeconds),
      s.increase('db_slow_query_seq_scans_total', ['operation', 'table', 'columns'], windowSeconds),
    ]);
    const keys = ['job', 'operation'];
    const latencyBy = new Map(latency.map((r) => [labelKey(r.labels, keys), r]));
    const scansBy = new Map<string, Array<{ table: string; columns: string[]; count: number }>>();
    for (const r of scans) {
      if (r.value <= 0) continue;
      const list = scansBy.get(labelKey(r.labels, keys)) ?? [];
      list.push({
        table: r.labels.table,
        columns: r.labels.columns ? r.labels.columns.split(',') : [],
        count: Math.round(r.value),
      });
      scansBy.set(labelKey(r.labels, keys), list);
    }
    return slow
      .filter((r) => r.value > 0)
      .map((r) => {
        const key = labelKey(r.labels, keys);
        const l = latencyBy.get(key);
        const p99 = l ? ms(l.p99) : null;
        return {
          app: r.labels.job,
          operation: r.labels.operation,
          slowCount: Math.round(r.value),
          calls: l?.count ?? null,
          p50Ms: l ? ms(l.p50) : null,
          p95Ms: l ? ms(l.p95) : null,
          p99Ms: p99,
          seqScans: scansBy.get(key) ?? [],
          alert: p99 !== null && p99 >= this.config.PERF_SLOW_QUERY_ALERT_MS,
        };
      })
      .sort((a, b) => b.slowCount - a.slowCount);
  }
}
