import type { Queue, Worker } from 'bullmq';
import { counter, gauge, histogram } from '../metrics';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/** Queues whose counts are read on each scrape (the queue names are a fixed, small set). */
const observedQueues = new Map<string, Queue>();

const jobsGauge = gauge('queue_jobs', 'Jobs per queue and state, read from the queue at scrape time', ['queue', 'state'], async function () {
  this.reset();
  await Promise.all(
    [...observedQueues.values()].map(async (queue) => {
      try {
        const counts = await queue.getJobCounts(...STATES);
        for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      } catch {
        // Queue Redis unreachable: no figure rather than a stale one; readiness reports it.
      }
    }),
  );
});

const duration = histogram('queue_job_duration_seconds', 'Time a worker spent on a job attempt', ['queue', 'result'], [
  0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
]);
const failures = counter('queue_job_failures_total', 'Failed job attempts by queue and reason', ['queue', 'reason']);

export function observeQueue(queue: Queue): void {
  observedQueues.set(queue.name, queue);
  void jobsGauge;
}

export function forgetQueue(queue: Queue): void {
  if (observedQueues.get(queue.name) === queue) observedQueues.delete(queue.name);
}

/**
 * Failure reasons become a bounded label: the error's class-like name or code, never its message
 * (messages carry ids and data).
 */
function failureReason(err: Error | undefined): string {
  if (!err) return 'unknown';
  const code = (err as { code?: unknown }).code;
  const raw = typeof code === 'string' && code ? code : err.name || 'Error';
  return /^[A-Za-z0-9_.-]{1,40}$/.test(raw) ? raw : 'Error';
}

/** Records attempt durations and failures from a BullMQ worker's events. */
export function observeWorker(worker: Worker): void {
  worker.on('completed', (job) => {
    if (job.processedOn && job.finishedOn) duration.observe({ queue: worker.name, result: 'completed' }, (job.finishedOn - job.processedOn) / 1000);
  });
  worker.on('failed', (job, err) => {
    failures.inc({ queue: worker.name, reason: failureReason(err) });
    if (job?.processedOn) duration.observe({ queue: worker.name, result: 'failed' }, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
  });
}
