import type { DataSource } from 'typeorm';
import { gauge } from '../metrics/registry';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

/** Pool usage for the perf API's saturation advice: read from pg's pool at scrape time. */
export function registerPoolMetrics(dataSource: DataSource, service: string): void {
  const pool = () => (dataSource.driver as unknown as { master?: PgPool }).master;
  gauge('db_client_connections_usage', 'Connections in the pool by state', ['state', 'pool'] as const, function () {
    const p = pool();
    if (!p) return;
    this.set({ state: 'used', pool: service }, p.totalCount - p.idleCount);
    this.set({ state: 'idle', pool: service }, p.idleCount);
  });
  gauge('db_client_connections_max', 'Maximum connections of the pool', ['pool'] as const, function () {
    const p = pool();
    if (p) this.set({ pool: service }, p.options.max);
  });
  gauge('db_client_connections_pending_requests', 'Requests waiting for a connection', ['pool'] as const, function () {
    const p = pool();
    if (p) this.set({ pool: service }, p.waitingCount);
  });
}
