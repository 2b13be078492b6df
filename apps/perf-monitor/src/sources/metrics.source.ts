export type Labels = Record<string, string>;

/** Latency of one label set over a window: requests counted and the quantiles (seconds). */
export interface LatencyRow {
  labels: Labels;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ValueRow {
  labels: Labels;
  value: number;
}

/** One series over time: [unix seconds, value] pairs. */
export interface RangeRow {
  labels: Labels;
  points: Array<[number, number]>;
}

/** Series whose label `label` matches `regex` are left out (health probes, /metrics). */
export interface Exclusion {
  label: string;
  regex: string;
}

export interface TimeRange {
  start: number;
  end: number;
  step: number;
}

/**
 * Where perf-monitor reads the apps' metrics: the Prometheus HTTP API, or its own scrapes of
 * every app's /metrics. Both answer the same questions with the same shapes; every answer is
 * grouped by `job` (the app) plus the labels asked for.
 */
export abstract class MetricsSource {
  abstract readonly kind: 'prometheus' | 'scrape';
  /** Makes the next answers include everything up to now: a scrape of every app, or nothing for Prometheus. */
  abstract refresh(): Promise<void>;
  /** Quantiles and count of a histogram's observations within the last `windowSeconds`. */
  abstract latency(histogram: string, by: string[], windowSeconds: number, exclude?: Exclusion): Promise<LatencyRow[]>;
  /** Increase of a counter within the last `windowSeconds`. */
  abstract increase(counter: string, by: string[], windowSeconds: number): Promise<ValueRow[]>;
  /** Latest value of a gauge, the highest among the instances of a job. */
  abstract current(gauge: string, by: string[]): Promise<ValueRow[]>;
  /** A histogram's quantile `q` at each step of the range, each over the step before it. */
  abstract latencyRange(
    histogram: string,
    by: string[],
    q: number,
    range: TimeRange,
    exclude?: Exclusion,
  ): Promise<RangeRow[]>;
  /** A counter's increase over each step of the range. */
  abstract increaseRange(counter: string, by: string[], range: TimeRange): Promise<RangeRow[]>;
}

export const labelKey = (labels: Labels, by: string[]) => by.map((l) => labels[l] ?? '').join('\u0000');
export const pick = (labels: Labels, by: string[]): Labels => Object.fromEntries(by.map((l) => [l, labels[l] ?? '']));
