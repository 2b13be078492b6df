import { Figures } from './latency';
import {
  BenchResults,
  BulkOutput,
  README_END,
  README_START,
  ceilingFraction,
  evaluateGoals,
  replaceBetweenMarkers,
  resultStamp,
  scenarioResult,
  toMarkdown,
  toReadmeBlock,
} from './results';

function fig(over: Partial<Figures>): Figures {
  return {
    model: 'open',
    ratePerSecond: 100,
    connections: null,
    requests: 500,
    durationSeconds: 5,
    p50Ms: 1,
    p95Ms: 2,
    p99Ms: 3,
    maxMs: 4,
    throughput: 100,
    errors: 0,
    errorRate: 0,
    cacheHitRate: null,
    queriesPerRequest: 0,
    ...over,
  };
}

const output = (what: string, peak: number | null): BulkOutput => ({
  what,
  status: peak === null ? 'unavailable' : 'measured',
  rows: peak === null ? null : 100_000,
  bytes: 1_000_000,
  seconds: 12,
  peakAboveIdleMb: peak === null ? {} : { gateway: 20, 'documentos-service': peak },
});

function results(over: Partial<Omit<BenchResults, 'goals'>> = {}): Omit<BenchResults, 'goals'> {
  return {
    date: '2026-11-22T10:00:00.000Z',
    quick: false,
    durationSeconds: 1800,
    machine: {
      cpus: 2,
      cpuModel: 'cpu',
      memoryGb: 24,
      os: 'linux',
      node: 'v20',
      postgres: 'PostgreSQL 15',
      redis: '7',
      pgStatStatements: false,
      note: '',
    },
    dataset: { documentos: 1_000_000, derivaciones: 3_000_000, version: 1, scales: [10_000, 1_000_000] },
    load: { openDurationSeconds: 20, warmupSeconds: 3, closedDurationSeconds: 10, closedConnections: 64 },
    ceilings: {
      hello: { what: 'constant', open: fig({ p50Ms: 0.3 }), closed: fig({ model: 'closed', throughput: 30_000 }) },
      redis: { what: 'Redis GET', open: fig({ p50Ms: 0.5 }), closed: fig({ model: 'closed', throughput: 20_000 }) },
      postgres: {
        what: 'PostgreSQL by id',
        open: fig({ p50Ms: 1 }),
        closed: fig({ model: 'closed', throughput: 8_000 }),
      },
    },
    scenarios: [
      scenarioResult(
        { key: 'detalle-hot', name: 'detail, hot', route: 'GET /x' },
        fig({ ratePerSecond: 1000, p50Ms: 1, p99Ms: 12, cacheHitRate: 0.96, queriesPerRequest: 0.06 }),
        fig({ ratePerSecond: 1000, p50Ms: 15, queriesPerRequest: 1.02 }),
        { optimised: fig({ model: 'closed', throughput: 6000 }), baseline: null },
        { optimised: fig({ model: 'sequential', p50Ms: 0.5 }), baseline: fig({ model: 'sequential', p50Ms: 10 }) },
      ),
      scenarioResult({ key: 'bandeja', name: 'inbox', route: 'GET /y' }, fig({ p50Ms: 2 }), fig({ p50Ms: 30 })),
      scenarioResult(
        { key: 'estadisticas', name: 'statistics, cached', route: 'GET /z' },
        fig({ p50Ms: 1.5 }),
        fig({ p50Ms: 9 }),
      ),
      scenarioResult(
        { key: 'estadisticas-sin-cache', name: 'statistics, uncached', route: 'GET /z' },
        fig({ p50Ms: 18 }),
        fig({ p50Ms: 200 }),
      ),
      scenarioResult({ key: 'busqueda', name: 'search', route: 'GET /s' }, fig({ p95Ms: 51 }), fig({ p95Ms: 500 })),
      scenarioResult(
        { key: 'lote-500', name: 'batch', route: 'POST /l' },
        fig({ model: 'sequential', p50Ms: 420 }),
        fig({ model: 'sequential', p50Ms: 900 }),
      ),
      {
        key: 'derivar',
        name: 'routing',
        route: 'POST /d',
        status: 'unavailable',
        note: '404',
        optimised: null,
        baseline: null,
        speedup: null,
        percentFaster: null,
      },
      scenarioResult({ key: 'vencidos', name: 'overdue tray', route: 'GET /v' }, fig({ p95Ms: 25 }), fig({ p95Ms: 107 })),
      scenarioResult(
        { key: 'liveness', name: 'liveness', route: 'GET /health/live' },
        fig({ ratePerSecond: 1000, p50Ms: 0.4 }),
        null,
        { optimised: fig({ model: 'closed', throughput: 12_000 }), baseline: null },
      ),
    ],
    scaling: [
      { documentos: 10_000, derivaciones: 30_000, inbox: fig({ p95Ms: 4 }), detail: fig({}) },
      { documentos: 1_000_000, derivaciones: 3_000_000, inbox: fig({ p95Ms: 6.4 }), detail: fig({}) },
    ],
    memory: {
      apps: { gateway: { idleMb: 100, peakMb: 180 } },
      export: output('CSV export', 60),
      report: output('Excel report', 151),
    },
    bus: null,
    notes: [],
    ...over,
  };
}

describe('goals', () => {
  const goals = evaluateGoals(results());
  const goal = (name: string) => {
    const found = goals.find((g) => g.name === name);
    if (!found) throw new Error(`no goal ${name}`);
    return found;
  };

  it('has one entry per row of the goals table, each with name, goal, measured and met', () => {
    expect(goals.map((g) => g.name)).toEqual([
      'gateway liveness',
      'cached detail through the gateway',
      "an office's inbox at 1M documents",
      'statistics',
      'the overdue tray',
      'search',
      'a batch of 500 registrations',
      'optimised over baseline',
      'database queries per detail request',
      'cache hit rate, detail mix',
      '100,000-row export and report',
    ]);
    for (const g of goals) expect(Object.keys(g)).toEqual(expect.arrayContaining(['name', 'goal', 'measured', 'met']));
  });

  it('judges each goal from the figures', () => {
    // 12,000 / 30,000 requests/s: 0.4× the bare hello of the same run.
    expect(goal('gateway liveness').met).toBe(false);
    expect(goal('gateway liveness').measured).toBe('12000 requests/s = 0.4× 30000 requests/s');
    // 6,000 / 20,000 requests/s = 0.3× the bare Redis GET, p99 12 ms at 1,000/s.
    expect(goal('cached detail through the gateway').met).toBe(true);
    expect(goal('the overdue tray').met).toBe(false);
    expect(goal('database queries per detail request').measured).toBe('0.06 against 1.02 (0.059×)');
    expect(goal('database queries per detail request').met).toBe(true);
    // p95 6.4 ms is under 10 ms, but 1.6× the 10,000-document figure.
    expect(goal("an office's inbox at 1M documents").met).toBe(false);
    expect(goal('statistics').met).toBe(true);
    expect(goal('search').met).toBe(false);
    expect(goal('a batch of 500 registrations').met).toBe(true);
    // inbox 15×, statistics 6×.
    expect(goal('optimised over baseline').met).toBe(false);
    expect(goal('optimised over baseline').measured).toBe('inbox 15×, statistics, cached 6×');
    expect(goal('cache hit rate, detail mix').measured).toBe('96 %');
    expect(goal('cache hit rate, detail mix').met).toBe(true);
    expect(goal('100,000-row export and report').met).toBe(false);
  });

  it('leaves the 1M goal unjudged when the run had no 1M dataset, and missing figures as not measured', () => {
    const quick = evaluateGoals(
      results({
        scaling: [
          { documentos: 10_000, derivaciones: 30_000, inbox: fig({ p95Ms: 1 }), detail: null },
          { documentos: 100_000, derivaciones: 300_000, inbox: fig({ p95Ms: 1.2 }), detail: null },
        ],
        scenarios: [],
      }),
    );
    const inbox = quick.find((g) => g.name === "an office's inbox at 1M documents");
    expect(inbox?.met).toBeNull();
    expect(inbox?.note).toMatch(/quick/);
    expect(quick.find((g) => g.name === 'search')?.met).toBeNull();
    expect(quick.find((g) => g.name === 'optimised over baseline')?.met).toBeNull();
    expect(quick.find((g) => g.name === 'gateway liveness')?.met).toBeNull();
    expect(quick.find((g) => g.name === 'database queries per detail request')?.met).toBeNull();
  });
});

describe('results shape and report', () => {
  const base = results();
  const full: BenchResults = { ...base, goals: evaluateGoals(base) };

  it('states each scenario against its ceiling: Redis when mostly cached, PostgreSQL otherwise', () => {
    const hot = ceilingFraction(base.scenarios[0], base.ceilings);
    expect(hot).toEqual({ ceiling: 'redis', latency: 0.5, throughput: 0.3 });
    const inbox = ceilingFraction(base.scenarios[1], base.ceilings);
    expect(inbox).toEqual({ ceiling: 'postgres', latency: 0.5, throughput: null });
    expect(ceilingFraction(base.scenarios[5], base.ceilings)).toBeNull();
  });

  it('computes the headline ratio per scenario, one request at a time where measured, and none for an unavailable one', () => {
    // One at a time: 10 ms → 0.5 ms; under the open load it would have been 15 → 1.
    expect(base.scenarios[0].speedup).toBe(20);
    expect(base.scenarios[0].percentFaster).toBe(95);
    expect(base.scenarios[1].speedup).toBe(15);
    expect(base.scenarios[6].speedup).toBeNull();
  });

  it('keeps the top-level keys the issue asks for', () => {
    expect(Object.keys(full)).toEqual(expect.arrayContaining(['machine', 'dataset', 'ceilings', 'scenarios', 'goals']));
    const json = JSON.parse(JSON.stringify(full));
    expect(Object.keys(json.scenarios[0].optimised)).toEqual(
      expect.arrayContaining(['p50Ms', 'p95Ms', 'p99Ms', 'throughput', 'errors', 'cacheHitRate', 'queriesPerRequest']),
    );
  });

  it('renders the before/after table with every scenario, the goals and what was unavailable', () => {
    const md = toMarkdown(full);
    expect(md).toContain('| detail, hot | 1000/s | 15 / 2 / 3 | 1 / 2 / 12 | 10 → 0.5 | 20× (95 % faster) |');
    expect(md).toContain('| routing | | unavailable | unavailable |');
    expect(md).toContain('| inbox | 100/s | 30 / 2 / 3 | 2 / 2 / 3 | – → – | 15× (93 % faster) |');
    expect(md).toContain('| search | p95 ≤ 50 ms | p95 51 ms | no |');
    expect(md).toContain('| 1,000,000 |');
  });

  it('names result files by date without colons', () => {
    expect(resultStamp('2026-11-22T10:05:00.123Z')).toBe('2026-11-22T10-05-00Z');
  });

  it('replaces only the README block between its markers, and nothing without them', () => {
    const readme = `# Title\n\n## Performance\n\nHow to run.\n\n${README_START}\nold table\n${README_END}\n\nAfter.\n`;
    const updated = replaceBetweenMarkers(readme, toReadmeBlock(full));
    expect(updated).not.toContain('old table');
    expect(updated).toContain('| detail, hot | 1000/s |');
    expect(updated).toContain('#### Goals');
    expect(updated.startsWith('# Title\n\n## Performance\n\nHow to run.\n\n')).toBe(true);
    expect(updated.endsWith(`${README_END}\n\nAfter.\n`)).toBe(true);
    expect(replaceBetweenMarkers('# No markers\n', 'x')).toBe('# No markers\n');
  });
});
