import type { Worker } from 'bullmq';
import { counter, gauge } from '@mesa/shared/metrics';

/**
 * What the queue library's gauges (jobs per queue and state, read from Redis) and histograms
 * (attempt durations, failures by reason) do not show: what this replica is running now, how
 * each attempt ended, and jobs found stalled (their worker died or blocked past its lock).
 */
export const trabajosActivos = gauge('queue_worker_active_jobs', 'Jobs this worker process is running now', ['queue']);
export const intentosTerminados = counter('queue_job_attempts_total', 'Job attempts by how they ended', ['queue', 'outcome']);
const estancados = counter('queue_job_stalled_total', 'Jobs found stalled (lock expired) and moved back to wait', ['queue']);

export type ResultadoIntento = 'completed' | 'failed' | 'timeout' | 'cancelled' | 'interrupted';

export function observarEstados(worker: Worker): void {
  worker.on('stalled', () => estancados.inc({ queue: worker.name }));
}
