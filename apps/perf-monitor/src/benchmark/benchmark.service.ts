import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MONITORED_APPS, RedisRoles } from '../monitor/monitor.module';
import { PgStatsRepository } from '../recommendations/pg-stats.repository';
import { MonitoredApp } from '../sources/monitored-apps';

/** The whole probe stops after this long, whatever the iterations asked. */
const TIME_BUDGET_MS = 10_000;

interface Probe {
  name: string;
  run(): Promise<unknown>;
}

/** The seed's ratings, by p95: excellent under 50 ms, good under 200 ms, acceptable under 1 s. */
function rating(p95Ms: number): 'excellent' | 'good' | 'acceptable' | 'poor' {
  if (p95Ms < 50) return 'excellent';
  if (p95Ms < 200) return 'good';
  if (p95Ms < 1000) return 'acceptable';
  return 'poor';
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * POST /benchmark: a short, read-only probe of the operations every request leans on
 * (PostgreSQL, both Redis roles, each app's readiness), run one after the other and timed.
 */
@Injectable()
export class BenchmarkService {
  constructor(
    private readonly pg: PgStatsRepository,
    private readonly redis: RedisRoles,
    @Inject(MONITORED_APPS) private readonly apps: MonitoredApp[],
  ) {}

  async run(iterations: number) {
    const deadline = Date.now() + TIME_BUDGET_MS;
    const cacheKey = `${this.redis.keyPrefix}perf:benchmark:${randomUUID()}`;
    const probes: Probe[] = [
      { name: 'postgresql.select_1', run: () => this.pg.ping() },
      {
        name: 'postgresql.count_estimate',
        run: () => this.pg.liveRowsEstimate(),
      },
      {
        name: 'redis_cache.set_get',
        run: async () => {
          const c = this.redis.client('cache');
          await c.set(cacheKey, 'x', 'PX', 10_000);
          await c.get(cacheKey);
        },
      },
      { name: 'redis_bus.ping', run: () => this.redis.client('bus').ping() },
      ...this.apps.map((app) => ({
        name: `${app.name}.ready`,
        run: async () => {
          const res = await fetch(`${app.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`status ${res.status}`);
        },
      })),
    ];
    const started = new Date().toISOString();
    const results = [];
    for (const probe of probes) {
      const times: number[] = [];
      let errors = 0;
      for (let i = 0; i < iterations && Date.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await probe.run();
          times.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
      times.sort((a, b) => a - b);
      results.push({
        operation: probe.name,
        iterations: times.length + errors,
        errors,
        ...(times.length
          ? {
              minMs: round(times[0]),
              p50Ms: round(percentile(times, 0.5)),
              p95Ms: round(percentile(times, 0.95)),
              maxMs: round(times[times.length - 1]),
              rating: rating(percentile(times, 0.95)),
            }
          : { minMs: null, p50Ms: null, p95Ms: null, maxMs: null, rating: 'failed' as const }),
      });
    }
    await this.redis
      .client('cache')
      .del(cacheKey)
      .catch(() => undefined);
    return {
      startedAt: started,
      finishedAt: new Date().toISOString(),
      iterationsRequested: iterations,
      truncated: Date.now() >= deadline,
      results,
    };
  }
}
