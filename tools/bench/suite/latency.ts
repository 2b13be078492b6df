import * as hdr from 'hdr-histogram-js';

/** Latencies are recorded in microseconds; 10 minutes is the longest a request can be late. */
const HIGHEST_MICROS = 600_000_000;

/** A latency recorder: HDR histogram with 3 significant digits (0.1 % resolution at any scale). */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_MICROS,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
  });

  record(ms: number): void {
    this.histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, Math.round(ms * 1000))));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** Milliseconds at `percentile` (0..100); 0 when nothing was recorded. */
  at(percentile: number): number {
    if (this.count === 0) return 0;
    return this.histogram.getValueAtPercentile(percentile) / 1000;
  }

  get maxMs(): number {
    return this.count === 0 ? 0 : this.histogram.maxValue / 1000;
  }
}

/** What one measurement (one scenario, one configuration, one load model) gives. */
export interface Figures {
  model: 'open' | 'closed' | 'sequential';
  /** Offered arrival rate of the open model; null for closed and sequential runs. */
  ratePerSecond: number | null;
  /** Connections of the closed loop; null otherwise. */
  connections: number | null;
  requests: number;
  durationSeconds: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Successful responses per second of wall time. */
  throughput: number;
  errors: number;
  /** errors / requests, 0..1. */
  errorRate: number;
  /** Cache hits over cache lookups in the apps during the run (0..1); null when nothing looked in a cache. */
  cacheHitRate: number | null;
  /** Database operations the apps ran per request; null when unknown. */
  queriesPerRequest: number | null;
}

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Figures of a run from its latencies and counts (cache and query figures are added by the caller). */
export function summarise(
  recorder: LatencyRecorder,
  run: {
    model: Figures['model'];
    ratePerSecond?: number | null;
    connections?: number | null;
    requests: number;
    errors: number;
    elapsedMs: number;
  },
): Figures {
  const seconds = run.elapsedMs / 1000;
  const ok = run.requests - run.errors;
  return {
    model: run.model,
    ratePerSecond: run.ratePerSecond ?? null,
    connections: run.connections ?? null,
    requests: run.requests,
    durationSeconds: round(seconds, 2),
    p50Ms: round(recorder.at(50)),
    p95Ms: round(recorder.at(95)),
    p99Ms: round(recorder.at(99)),
    maxMs: round(recorder.maxMs),
    throughput: seconds > 0 ? round(ok / seconds, 1) : 0,
    errors: run.errors,
    errorRate: run.requests > 0 ? round(run.errors / run.requests, 4) : 0,
    cacheHitRate: null,
    queriesPerRequest: null,
  };
}

/** How many times faster the optimised configuration is: baseline median over optimised median. */
export function speedup(baseline: Figures | null, optimised: Figures | null): number | null {
  if (!baseline || !optimised || optimised.p50Ms <= 0 || baseline.p50Ms <= 0) return null;
  const ratio = baseline.p50Ms / optimised.p50Ms;
  return round(ratio, ratio < 10 ? 2 : 1);
}

/** The seeds' way of saying it: "85 % faster" (share of the baseline's median time saved). */
export function percentFaster(baseline: Figures | null, optimised: Figures | null): number | null {
  if (!baseline || !optimised || baseline.p50Ms <= 0) return null;
  return round((1 - optimised.p50Ms / baseline.p50Ms) * 100, 0);
}
