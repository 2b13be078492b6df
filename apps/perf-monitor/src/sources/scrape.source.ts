import type { Logger } from 'pino';
import { parseExposition } from './exposition.parser';
import { histogramQuantile } from './histogram.quantile';
import {
  Exclusion,
  Labels,
  LatencyRow,
  MetricsSource,
  RangeRow,
  TimeRange,
  ValueRow,
  labelKey,
  pick,
} from './metrics.source';
import { MonitoredApp } from './monitored-apps';

/** The metric families perf-monitor reads; the rest of each scrape is dropped. */
const FAMILIES =
  /^(http_server_|db_client_|db_slow_|cache_|queue_|bus_|outbox_|nodejs_eventloop_lag|process_resident_memory|mesa_|derivaciones_)/;
/** Full resolution for this long; older snapshots are thinned to one a minute. */
const RECENT_MS = 5 * 60_000;
const RETENTION_MS = 60 * 60_000;
const SCRAPE_TIMEOUT_MS = 3000;

interface Series {
  name: string;
  labels: Labels;
}

interface Snapshot {
  at: number;
  values: Map<string, number>;
}

/**
 * Without a Prometheus server: scrapes every app's /metrics on an interval (and on refresh(), which
 * every API call makes first), keeps an hour of snapshots, and answers from
 * the difference between two of them, as Prometheus's increase() and histogram_quantile() do.
 */
export class ScrapeSource extends MetricsSource {
  readonly kind = 'scrape' as const;
  private readonly series = new Map<string, Series>();
  private snapshots: Snapshot[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;

  constructor(
    private readonly apps: MonitoredApp[],
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    super();
  }

  start(): void {
    void this.scrape();
    this.timer = setInterval(() => void this.scrape(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async latency(histogram: string, by: string[], windowSeconds: number, exclude?: Exclusion): Promise<LatencyRow[]> {
    const to = this.latest();
    if (!to) return [];
    return this.latencyBetween(histogram, by, this.at(to.at - windowSeconds * 1000, to), to, exclude);
  }

  async increase(counter: string, by: string[], windowSeconds: number): Promise<ValueRow[]> {
    const to = this.latest();
    if (!to) return [];
    return this.sumBy(this.delta(counter, this.at(to.at - windowSeconds * 1000, to), to), ['job', ...by]);
  }

  async current(gauge: string, by: string[]): Promise<ValueRow[]> {
    const to = this.latest();
    if (!to) return [];
    const keys = ['job', ...by];
    const max = new Map<string, ValueRow>();
    for (const { labels, value } of this.values(gauge, to)) {
      const key = labelKey(labels, keys);
      const row = max.get(key);
      if (!row || value > row.value) max.set(key, { labels: pick(labels, keys), value });
    }
    return [...max.values()];
  }

  async latencyRange(
    histogram: string,
    by: string[],
    q: number,
    range: TimeRange,
    exclude?: Exclusion,
  ): Promise<RangeRow[]> {
    const rows = new Map<string, RangeRow>();
    for (const t of steps(range)) {
      const to = this.atOrBefore(t * 1000);
      const from = to && this.stepBase((t - range.step) * 1000, to);
      if (!to || !from) continue;
      for (const row of this.latencyBetween(histogram, by, from, to, exclude)) {
        const value = q === 0.5 ? row.p50 : q === 0.95 ? row.p95 : q === 0.99 ? row.p99 : null;
        if (value === null) continue;
        push(rows, row.labels, ['job', ...by], [t, value]);
      }
    }
    return [...rows.values()];
  }

  async increaseRange(counter: string, by: string[], range: TimeRange): Promise<RangeRow[]> {
    const rows = new Map<string, RangeRow>();
    for (const t of steps(range)) {
      const to = this.atOrBefore(t * 1000);
      const from = to && this.stepBase((t - range.step) * 1000, to);
      if (!to || !from) continue;
      for (const row of this.sumBy(this.delta(counter, from, to), ['job', ...by]))
        push(rows, row.labels, ['job', ...by], [t, row.value]);
    }
    return [...rows.values()];
  }

  /** A scrape that starts now (after the one in flight, if any): answers then include every request made before the call. */
  async refresh(): Promise<void> {
    await this.inFlight;
    await this.scrape();
  }

  private scrape(): Promise<void> {
    this.inFlight ??= this.scrapeAll().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async scrapeAll(): Promise<void> {
    const values = new Map<string, number>();
    await Promise.all(
      this.apps.map(async (app) => {
        let text: string;
        try {
          const res = await fetch(`${app.url}/metrics`, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
          if (res.status !== 200) throw new Error(`status ${res.status}`);
          text = await res.text();
        } catch (err) {
          this.logger.debug({ app: app.name, err: (err as Error).message }, 'scrape failed');
          return;
        }
        for (const s of parseExposition(text, (name) => FAMILIES.test(name))) {
          const labels = { ...s.labels, job: app.job, instance: app.name };
          const key = `${s.name}\u0001${JSON.stringify(labels)}`;
          if (!this.series.has(key)) this.series.set(key, { name: s.name, labels });
          values.set(key, s.value);
        }
      }),
    );
    const at = Date.now();
    this.snapshots.push({ at, values });
    // Thin out: full resolution for the last minutes, one a minute for the rest of the hour.
    let lastKeptMinute = -1;
    this.snapshots = this.snapshots.filter((s) => {
      if (at - s.at > RETENTION_MS) return false;
      if (at - s.at <= RECENT_MS) return true;
      const minute = Math.floor(s.at / 60_000);
      if (minute === lastKeptMinute) return false;
      lastKeptMinute = minute;
      return true;
    });
  }

  private latest(): Snapshot | undefined {
    return this.snapshots[this.snapshots.length - 1];
  }

  private atOrBefore(ms: number): Snapshot | undefined {
    let found: Snapshot | undefined;
    for (const s of this.snapshots) if (s.at <= ms) found = s;
    return found;
  }

  /** The base of a window: the snapshot at its start, else the oldest one we have (a shorter window). */
  private at(ms: number, to: Snapshot): Snapshot | undefined {
    const base = this.atOrBefore(ms) ?? this.snapshots[0];
    return base === to ? undefined : base;
  }

  /** The snapshot a step starts from; the first one when the step began before our first scrape (a shorter step). */
  private stepBase(ms: number, to: Snapshot): Snapshot | undefined {
    const base = this.atOrBefore(ms) ?? this.snapshots[0];
    return base && base !== to && base.at < to.at ? base : undefined;
  }

  private values(name: string, snap: Snapshot): Array<{ labels: Labels; value: number; key: string }> {
    const out: Array<{ labels: Labels; value: number; key: string }> = [];
    for (const [key, value] of snap.values) {
      const s = this.series.get(key);
      if (s?.name === name) out.push({ labels: s.labels, value, key });
    }
    return out;
  }

  /** Per series: increase from `from` to `to`; a series absent at `from` started since, a lower value means a restart. */
  private delta(name: string, from: Snapshot | undefined, to: Snapshot): Array<{ labels: Labels; value: number }> {
    return this.values(name, to).map(({ labels, value, key }) => {
      const before = from?.values.get(key);
      if (!from) return { labels, value };
      if (before === undefined || value < before) return { labels, value };
      return { labels, value: value - before };
    });
  }

  private sumBy(rows: Array<{ labels: Labels; value: number }>, keys: string[]): ValueRow[] {
    const sums = new Map<string, ValueRow>();
    for (const { labels, value } of rows) {
      const key = labelKey(labels, keys);
      const row = sums.get(key) ?? { labels: pick(labels, keys), value: 0 };
      row.value += value;
      sums.set(key, row);
    }
    return [...sums.values()];
  }

  private latencyBetween(
    histogram: string,
    by: string[],
    from: Snapshot | undefined,
    to: Snapshot,
    exclude?: Exclusion,
  ): LatencyRow[] {
    const keys = ['job', ...by];
    const excluded = exclude ? new RegExp(`^(?:${exclude.regex})$`) : undefined;
    const keep = (labels: Labels) => !excluded || !excluded.test(labels[exclude?.label ?? ''] ?? '');
    const groups = new Map<string, { labels: Labels; buckets: Map<number, number> }>();
    for (const { labels, value } of this.delta(`${histogram}_bucket`, from, to)) {
      if (!keep(labels)) continue;
      const key = labelKey(labels, keys);
      const g = groups.get(key) ?? { labels: pick(labels, keys), buckets: new Map<number, number>() };
      const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
      g.buckets.set(le, (g.buckets.get(le) ?? 0) + value);
      groups.set(key, g);
    }
    const rows: LatencyRow[] = [];
    for (const { labels, buckets } of groups.values()) {
      const list = [...buckets].map(([le, count]) => ({ le, count }));
      const count = buckets.get(Infinity) ?? 0;
      if (count <= 0) continue;
      rows.push({
        labels,
        count: Math.round(count),
        p50: histogramQuantile(0.5, list),
        p95: histogramQuantile(0.95, list),
        p99: histogramQuantile(0.99, list),
      });
    }
    return rows;
  }
}

function steps(range: TimeRange): number[] {
  const out: number[] = [];
  for (let t = range.start; t <= range.end && out.length < 1000; t += range.step) out.push(t);
  return out;
}

function push(rows: Map<string, RangeRow>, labels: Labels, keys: string[], point: [number, number]) {
  const key = labelKey(labels, keys);
  const row = rows.get(key) ?? { labels: pick(labels, keys), points: [] };
  row.points.push(point);
  rows.set(key, row);
}
