import { Figures, LatencyRecorder, summarise } from './latency';

/**
 * Open load model: requests are sent at a constant arrival rate whatever the server does, and
 * each latency runs from the request's *intended* send time. A closed loop (send, wait, send)
 * slows down with the server and never counts the time a request would have waited in a queue
 * (coordinated omission); here a server that falls behind shows it in every later latency.
 */
export interface OpenModelPlan {
  ratePerSecond: number;
  durationMs: number;
}

/** How many requests the plan sends. */
export function plannedRequests(plan: OpenModelPlan): number {
  return Math.max(1, Math.floor((plan.ratePerSecond * plan.durationMs) / 1000));
}

/** Intended send time of request `index` (0-based), in ms after the start. */
export function intendedOffsetMs(plan: OpenModelPlan, index: number): number {
  return (index * 1000) / plan.ratePerSecond;
}

/**
 * How many requests are due at `elapsedMs` after the start, counting those already sent
 * (`sent`): every request whose intended time has come, capped at the planned total. A timer that
 * fires late sends the whole backlog at once, so lateness of the sender is caught up, not lost.
 */
export function dueNow(plan: OpenModelPlan, sent: number, elapsedMs: number): number {
  const total = plannedRequests(plan);
  const due = Math.min(total, Math.floor((elapsedMs * plan.ratePerSecond) / 1000) + 1);
  return Math.max(0, due - sent);
}

/** Milliseconds until the next request is due (0 when one is due already). */
export function msUntilNext(plan: OpenModelPlan, sent: number, elapsedMs: number): number {
  return Math.max(0, intendedOffsetMs(plan, sent) - elapsedMs);
}

export interface OpenModelOptions extends OpenModelPlan {
  /** Sends request `index`; resolves true when the answer counts as a success. */
  send: (index: number) => Promise<boolean>;
  /** More requests in flight than this and a due request is counted as an error without being sent. */
  maxInFlight?: number;
  now?: () => number;
}

export interface OpenModelOutcome {
  figures: Figures;
  /** Due requests not sent because maxInFlight was reached (included in errors). */
  shed: number;
}

/** Runs the plan and gives its figures; latencies of failed requests are recorded too. */
export async function runOpenModel(options: OpenModelOptions): Promise<OpenModelOutcome> {
  const now = options.now ?? (() => performance.now());
  const maxInFlight = options.maxInFlight ?? 2000;
  const total = plannedRequests(options);
  const recorder = new LatencyRecorder();
  let sent = 0;
  let errors = 0;
  let shed = 0;
  let inFlight = 0;
  let lastEnd = 0;
  const pending: Promise<void>[] = [];
  const start = now();

  const fire = (index: number) => {
    const intended = start + intendedOffsetMs(options, index);
    if (inFlight >= maxInFlight) {
      errors++;
      shed++;
      return;
    }
    inFlight++;
    pending.push(
      options
        .send(index)
        .catch(() => false)
        .then((ok) => {
          const end = now();
          lastEnd = Math.max(lastEnd, end);
          recorder.record(end - intended);
          if (!ok) errors++;
          inFlight--;
        }),
    );
  };

  while (sent < total) {
    const n = dueNow(options, sent, now() - start);
    for (let i = 0; i < n; i++) fire(sent++);
    if (sent >= total) break;
    const wait = msUntilNext(options, sent, now() - start);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(pending);
  const elapsedMs = Math.max(lastEnd, now()) - start;
  return {
    figures: summarise(recorder, {
      model: 'open',
      ratePerSecond: options.ratePerSecond,
      requests: total,
      errors,
      elapsedMs,
    }),
    shed,
  };
}

/**
 * One request after the other, `count` times (fewer when `maxMs` runs out first, but at least
 * one): for operations measured one at a time, such as a batch of 500.
 */
export async function runSequential(
  count: number,
  send: (index: number) => Promise<boolean>,
  now = () => performance.now(),
  maxMs = Number.POSITIVE_INFINITY,
): Promise<Figures> {
  const recorder = new LatencyRecorder();
  let errors = 0;
  let sent = 0;
  const start = now();
  for (let i = 0; i < count && (i === 0 || now() - start < maxMs); i++) {
    sent++;
    const t0 = now();
    const ok = await send(i).catch(() => false);
    recorder.record(now() - t0);
    if (!ok) errors++;
  }
  return summarise(recorder, { model: 'sequential', requests: sent, errors, elapsedMs: now() - start });
}
