import { Inject, Injectable } from '@nestjs/common';
import { MetricsSourceHolder, MONITORED_APPS, RedisRoles, RedisRole } from '../monitor/monitor.module';
import { PgStatsRepository } from '../recommendations/pg-stats.repository';
import { MonitoredApp } from '../sources/monitored-apps';

type CheckStatus = 'up' | 'down';
export type OverallStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface Check {
  name: string;
  status: CheckStatus;
  /** Without it the suite cannot serve: down makes the whole unhealthy, not only degraded. */
  critical: boolean;
  responseTimeMs: number | null;
  details?: Record<string, unknown>;
}

const READY_TIMEOUT_MS = 2000;
/** The apps that serve users: one of them not ready is an outage, the others a degradation. */
const CRITICAL_APPS = new Set(['gateway', 'documentos-service']);

const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

/** healthy when all is up; unhealthy when a critical check is down; degraded otherwise. */
export function overallStatus(checks: Check[]): OverallStatus {
  if (checks.some((c) => c.critical && c.status === 'down')) return 'unhealthy';
  if (checks.some((c) => c.status === 'down')) return 'degraded';
  return 'healthy';
}

/**
 * GET /health: every monitored app's readiness, PostgreSQL, the bus and cache Redis, and the
 * queues, each with its response time, checked in parallel.
 */
@Injectable()
export class HealthReportService {
  constructor(
    private readonly pg: PgStatsRepository,
    private readonly redis: RedisRoles,
    private readonly metrics: MetricsSourceHolder,
    @Inject(MONITORED_APPS) private readonly apps: MonitoredApp[],
  ) {}

  async report() {
    const started = performance.now();
    const [apps, postgres, bus, cache, queues] = await Promise.all([
      Promise.all(this.apps.map((app) => this.appReady(app))),
      this.postgres(),
      this.redisCheck('redis-bus', 'bus', true),
      this.redisCheck('redis-cache', 'cache', false),
      this.queues(),
    ]);
    const dependencies = [postgres, bus, cache, queues];
    return {
      status: overallStatus([...apps, ...dependencies]),
      checkedAt: new Date().toISOString(),
      responseTimeMs: round(performance.now() - started),
      apps,
      dependencies,
    };
  }

  private async appReady(app: MonitoredApp): Promise<Check> {
    const started = performance.now();
    const critical = CRITICAL_APPS.has(app.job);
    try {
      const res = await fetch(`${app.url}/health/ready`, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
      const body = (await res.json().catch(() => ({}))) as { info?: object; error?: object };
      return {
        name: app.name,
        status: res.status === 200 ? 'up' : 'down',
        critical,
        responseTimeMs: round(performance.now() - started),
        details: {
          job: app.job,
          httpStatus: res.status,
          ...(body.error && Object.keys(body.error).length ? { failing: Object.keys(body.error) } : {}),
        },
      };
    } catch (err) {
      return {
        name: app.name,
        status: 'down',
        critical,
        responseTimeMs: null,
        details: { job: app.job, error: (err as Error).name },
      };
    }
  }

  private async postgres(): Promise<Check> {
    const started = performance.now();
    try {
      await this.pg.ping();
      return { name: 'postgresql', status: 'up', critical: true, responseTimeMs: round(performance.now() - started) };
    } catch {
      return { name: 'postgresql', status: 'down', critical: true, responseTimeMs: null };
    }
  }

  private async redisCheck(name: string, role: RedisRole, critical: boolean): Promise<Check> {
    const time = await this.redis.ping(role);
    return { name, status: time === null ? 'down' : 'up', critical, responseTimeMs: round(time) };
  }

  /** The queues' Redis answers, with the job counts the queue gauges report. */
  private async queues(): Promise<Check> {
    const [time] = await Promise.all([this.redis.ping('queue'), this.metrics.source.refresh().catch(() => undefined)]);
    const jobs: Record<string, Record<string, number>> = {};
    const rows = await this.metrics.source.current('queue_jobs', ['queue', 'state']).catch(() => []);
    for (const { labels, value } of rows) (jobs[labels.queue] ??= {})[labels.state] = value;
    return {
      name: 'queues',
      status: time === null ? 'down' : 'up',
      critical: false,
      responseTimeMs: round(time),
      details: { jobs },
    };
  }
}
