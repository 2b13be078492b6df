import { DomainException } from '@mesa/shared/errors';
import { Exclusion, LatencyRow, MetricsSource, RangeRow, TimeRange, ValueRow, labelKey } from './metrics.source';

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}
interface PromMatrix {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

const QUERY_TIMEOUT_MS = 5000;

const selector = (exclude?: Exclusion) => (exclude ? `{${exclude.label}!~"${exclude.regex}"}` : '');
const finite = (text: string) => {
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

/** Answers from the Prometheus HTTP API with PromQL (instant and range queries). */
export class PrometheusSource extends MetricsSource {
  readonly kind = 'prometheus' as const;

  constructor(private readonly baseUrl: string) {
    super();
  }

  /** Prometheus scrapes on its own schedule. */
  async refresh(): Promise<void> {
    return;
  }

  async latency(histogram: string, by: string[], windowSeconds: number, exclude?: Exclusion): Promise<LatencyRow[]> {
    const group = ['job', ...by].join(', ');
    const buckets = `sum by (le, ${group}) (rate(${histogram}_bucket${selector(exclude)}[${windowSeconds}s]))`;
    const [count, p50, p95, p99] = await Promise.all([
      this.instant(`sum by (${group}) (increase(${histogram}_count${selector(exclude)}[${windowSeconds}s]))`),
      ...[0.5, 0.95, 0.99].map((q) => this.instant(`histogram_quantile(${q}, ${buckets})`)),
    ]);
    const keys = ['job', ...by];
    const quantile = (rows: PromVector[]) => new Map(rows.map((r) => [labelKey(r.metric, keys), finite(r.value[1])]));
    const [q50, q95, q99] = [quantile(p50), quantile(p95), quantile(p99)];
    return count
      .filter((r) => Number(r.value[1]) > 0)
      .map((r) => {
        const key = labelKey(r.metric, keys);
        return {
          labels: r.metric,
          count: Math.round(Number(r.value[1])),
          p50: q50.get(key) ?? null,
          p95: q95.get(key) ?? null,
          p99: q99.get(key) ?? null,
        };
      });
  }

  async increase(counter: string, by: string[], windowSeconds: number): Promise<ValueRow[]> {
    const rows = await this.instant(`sum by (${['job', ...by].join(', ')}) (increase(${counter}[${windowSeconds}s]))`);
    return rows.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }

  async current(gauge: string, by: string[]): Promise<ValueRow[]> {
    const rows = await this.instant(`max by (${['job', ...by].join(', ')}) (${gauge})`);
    return rows.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }

  async latencyRange(
    histogram: string,
    by: string[],
    q: number,
    range: TimeRange,
    exclude?: Exclusion,
  ): Promise<RangeRow[]> {
    const group = ['le', 'job', ...by].join(', ');
    return this.range(
      `histogram_quantile(${q}, sum by (${group}) (rate(${histogram}_bucket${selector(exclude)}[${range.step}s])))`,
      range,
    );
  }

  async increaseRange(counter: string, by: string[], range: TimeRange): Promise<RangeRow[]> {
    return this.range(`sum by (${['job', ...by].join(', ')}) (increase(${counter}[${range.step}s]))`, range);
  }

  private async range(query: string, range: TimeRange): Promise<RangeRow[]> {
    const rows = await this.call<PromMatrix[]>('query_range', {
      query,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    });
    return rows.map((r) => ({
      labels: r.metric,
      points: r.values.flatMap(([t, v]) => (Number.isFinite(Number(v)) ? [[t, Number(v)] as [number, number]] : [])),
    }));
  }

  private instant(query: string): Promise<PromVector[]> {
    return this.call<PromVector[]>('query', { query });
  }

  private async call<T>(endpoint: string, params: Record<string, string>): Promise<T> {
    let body: { status: string; data?: { result: T }; error?: string };
    try {
      const res = await fetch(`${this.baseUrl}/api/v1/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
      });
      body = (await res.json()) as typeof body;
    } catch (err) {
      throw new DomainException('PROMETHEUS_UNAVAILABLE', 503, `Prometheus no responde: ${(err as Error).message}`);
    }
    if (body.status !== 'success' || !body.data) {
      throw new DomainException(
        'PROMETHEUS_QUERY_FAILED',
        502,
        `Prometheus rechazó la consulta: ${body.error ?? 'sin detalle'}`,
      );
    }
    return body.data.result;
  }
}
