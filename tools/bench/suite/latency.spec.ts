import { LatencyRecorder, percentFaster, speedup, summarise } from './latency';

const figures = (p50Ms: number) => {
  const r = new LatencyRecorder();
  r.record(p50Ms);
  return summarise(r, { model: 'open', ratePerSecond: 10, requests: 1, errors: 0, elapsedMs: 1000 });
};

describe('latency figures', () => {
  it('gives percentiles of the recorded latencies within 0.1 %', () => {
    const r = new LatencyRecorder();
    for (let ms = 1; ms <= 1000; ms++) r.record(ms);
    expect(r.at(50)).toBeCloseTo(500, -0.3);
    expect(Math.abs(r.at(95) - 950)).toBeLessThan(1);
    expect(Math.abs(r.at(99) - 990)).toBeLessThan(1);
    expect(Math.abs(r.maxMs - 1000)).toBeLessThan(1);
  });

  it('keeps sub-millisecond resolution and reports nothing recorded as 0', () => {
    const r = new LatencyRecorder();
    expect(r.at(99)).toBe(0);
    r.record(0.25);
    expect(r.at(50)).toBeCloseTo(0.25, 3);
  });

  it('summarises throughput from successes over wall time and the error rate', () => {
    const r = new LatencyRecorder();
    for (let i = 0; i < 100; i++) r.record(5);
    const f = summarise(r, { model: 'closed', connections: 8, requests: 100, errors: 4, elapsedMs: 2000 });
    expect(f.throughput).toBe(48);
    expect(f.errorRate).toBe(0.04);
    expect(f.connections).toBe(8);
    expect(f.ratePerSecond).toBeNull();
  });

  it('states the optimised configuration as a ratio and as "% faster"', () => {
    expect(speedup(figures(100), figures(8))).toBe(12.5);
    expect(percentFaster(figures(800), figures(120))).toBe(85);
    expect(speedup(null, figures(8))).toBeNull();
    expect(percentFaster(figures(10), null)).toBeNull();
  });
});
