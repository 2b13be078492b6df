import { Figures, percentFaster, round, speedup } from './latency';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  redis: string;
  /** Queries per request come from pg_stat_statements when true, else from the apps' database metric. */
  pgStatStatements: boolean;
  note: string;
}

type ScenarioStatus = 'measured' | 'unavailable' | 'failed';

export interface ScenarioResult {
  key: string;
  name: string;
  route: string;
  status: ScenarioStatus;
  /** Why it is unavailable or failed, or how to read it. */
  note?: string;
  optimised: Figures | null;
  baseline: Figures | null;
  /** Closed-loop maximum throughput, where measured. */
  closed?: { optimised: Figures | null; baseline: Figures | null };
  /** The same requests sent one at a time after the warm-up (no queueing): each request's own cost. */
  unloaded?: { optimised: Figures | null; baseline: Figures | null };
  /** Baseline median / optimised median, one at a time where measured, else under the open model's load. */
  speedup: number | null;
  percentFaster: number | null;
  /** The same work as a fraction of the bare Fastify server's (see ceilings). */
  ofCeiling?: CeilingFraction | null;
}

export interface CeilingFraction {
  ceiling: 'hello' | 'redis' | 'postgres';
  /** Ceiling's median latency / this scenario's (optimised, open model). 1 = as fast as the bare server. */
  latency: number | null;
  /** This scenario's closed-loop throughput / the ceiling's. */
  throughput: number | null;
}

export interface Ceiling {
  what: string;
  open: Figures | null;
  closed: Figures | null;
}

export interface ScalePoint {
  documentos: number;
  derivaciones: number;
  inbox: Figures | null;
  detail: Figures | null;
}

export interface BulkOutput {
  what: string;
  status: ScenarioStatus;
  note?: string;
  rows: number | null;
  bytes: number | null;
  seconds: number | null;
  /** Peak RSS above the app's idle RSS during the work, per app involved, in MB. */
  peakAboveIdleMb: Record<string, number>;
}

export interface AppMemory {
  idleMb: number;
  peakMb: number;
}

export interface Goal {
  name: string;
  goal: string;
  measured: string;
  /** null: not measured in this run (for example the 1M figures of a --quick run). */
  met: boolean | null;
  note?: string;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  durationSeconds: number;
  machine: Machine;
  dataset: { documentos: number; derivaciones: number; version: number; scales: number[] };
  load: {
    openDurationSeconds: number;
    warmupSeconds: number;
    closedDurationSeconds: number;
    closedConnections: number;
  };
  /** Bare Fastify, same run: a constant answer, a Redis GET, a PostgreSQL read by primary key. */
  ceilings: { hello: Ceiling; redis: Ceiling; postgres: Ceiling };
  scenarios: ScenarioResult[];
  scaling: ScalePoint[];
  memory: { apps: Record<string, AppMemory>; export: BulkOutput; report: BulkOutput };
  goals: Goal[];
  /** The bus benchmark's results of the same run (bench/results/bus-latest.json), when it ran. */
  bus: string | null;
  /** What a reader must know about this run (workarounds, missing parts). */
  notes: string[];
}

/** Builds a scenario result from its two configurations. */
export function scenarioResult(
  base: Pick<ScenarioResult, 'key' | 'name' | 'route'> & { note?: string },
  optimised: Figures | null,
  baseline: Figures | null,
  closed?: ScenarioResult['closed'],
  unloaded?: ScenarioResult['unloaded'],
): ScenarioResult {
  const [b, o] =
    unloaded?.baseline && unloaded.optimised ? [unloaded.baseline, unloaded.optimised] : [baseline, optimised];
  return {
    ...base,
    status: optimised || baseline ? 'measured' : 'failed',
    optimised,
    baseline,
    ...(closed ? { closed } : {}),
    ...(unloaded ? { unloaded } : {}),
    speedup: speedup(b, o),
    percentFaster: percentFaster(b, o),
  };
}

/** The scenario against the ceiling it resembles: Redis when mostly served from the cache, else PostgreSQL. */
export function ceilingFraction(scenario: ScenarioResult, ceilings: BenchResults['ceilings']): CeilingFraction | null {
  const opt = scenario.optimised;
  if (!opt || opt.model !== 'open') return null;
  const ceiling = scenario.key === LIVENESS ? 'hello' : (opt.cacheHitRate ?? 0) >= 0.5 ? 'redis' : 'postgres';
  const c = ceilings[ceiling];
  const latency = c.open && opt.p50Ms > 0 ? round(c.open.p50Ms / opt.p50Ms, 3) : null;
  const closedOpt = scenario.closed?.optimised;
  const throughput =
    closedOpt && c.closed && c.closed.throughput > 0 ? round(closedOpt.throughput / c.closed.throughput, 3) : null;
  return { ceiling, latency, throughput };
}

/** The gateway's /health/live scenario, held against the bare hello. */
const LIVENESS = 'liveness';

const find = (r: Pick<BenchResults, 'scenarios'>, key: string) =>
  r.scenarios.find((s) => s.key === key && s.status === 'measured');
const ms = (v: number | undefined | null) => (v === undefined || v === null ? 'n/a' : `${v} ms`);
const MB_LIMIT = 150;

/** One goal per row of the issue's table, each judged from the figures of this run. */
export function evaluateGoals(r: Omit<BenchResults, 'goals'>): Goal[] {
  const goals: Goal[] = [];

  const live = find(r, LIVENESS);
  const liveShare = live ? (ceilingFraction(live, r.ceilings)?.throughput ?? null) : null;
  goals.push({
    name: 'gateway liveness',
    goal: '≥ 0.5× bare Fastify hello (closed-loop throughput, same run)',
    measured:
      liveShare === null
        ? 'not measured'
        : `${live?.closed?.optimised?.throughput} requests/s = ${liveShare}× ${r.ceilings.hello.closed?.throughput} requests/s`,
    met: liveShare === null ? null : liveShare >= 0.5,
  });

  const detail = find(r, 'detalle-hot');
  const closedDetail = detail?.closed?.optimised ?? null;
  const openDetail = detail?.optimised ?? null;
  const detailCeiling = detail ? ceilingFraction(detail, r.ceilings) : null;
  const detailShare = detailCeiling?.ceiling === 'redis' ? detailCeiling.throughput : null;
  goals.push({
    name: 'cached detail through the gateway',
    goal: '≥ 0.3× bare Fastify + Redis GET (closed-loop throughput, same run), and p99 ≤ 20 ms at 1,000 requests/s',
    measured: openDetail
      ? `${closedDetail ? `${closedDetail.throughput} requests/s = ${detailShare ?? 'n/a'}× ${r.ceilings.redis.closed?.throughput} requests/s (closed loop)` : 'closed loop not run'}; p99 ${openDetail.p99Ms} ms at ${openDetail.ratePerSecond} requests/s`
      : 'not measured',
    met:
      openDetail && detailShare !== null
        ? detailShare >= 0.3 && openDetail.p99Ms <= 20 && (openDetail.ratePerSecond ?? 0) >= 1000 && openDetail.errorRate < 0.01
        : null,
  });

  const sorted = r.scaling
    .flatMap((p) => (p.inbox ? [{ documentos: p.documentos, inbox: p.inbox }] : []))
    .sort((a, b) => a.documentos - b.documentos);
  const smallest = sorted[0];
  const largest = sorted.at(-1);
  const growth =
    smallest && largest && smallest.inbox.p95Ms > 0 ? round(largest.inbox.p95Ms / smallest.inbox.p95Ms, 2) : null;
  goals.push({
    name: "an office's inbox at 1M documents",
    goal: 'p95 ≤ 10 ms, and ≤ 1.5× its figure at 10,000',
    measured: largest
      ? `p95 ${largest.inbox.p95Ms} ms at ${largest.documentos.toLocaleString('en')} documents; ${growth ?? 'n/a'}× the p95 at ${smallest.documentos.toLocaleString('en')}`
      : 'not measured',
    met:
      largest && largest.documentos >= 1_000_000 && growth !== null ? largest.inbox.p95Ms <= 10 && growth <= 1.5 : null,
    ...(largest && largest.documentos < 1_000_000
      ? { note: 'The largest dataset of this run is below 1,000,000 documents (a --quick run); the full run decides.' }
      : {}),
  });

  const uncached = find(r, 'estadisticas-sin-cache')?.optimised;
  const cached = find(r, 'estadisticas')?.optimised;
  goals.push({
    name: 'statistics',
    goal: '≤ 20 ms uncached, ≤ 3 ms cached',
    measured: `median ${ms(uncached?.p50Ms)} uncached, ${ms(cached?.p50Ms)} cached`,
    met: uncached && cached ? uncached.p50Ms <= 20 && cached.p50Ms <= 3 : null,
  });

  const vencidos = find(r, 'vencidos')?.optimised;
  goals.push({
    name: 'the overdue tray',
    goal: 'p95 ≤ 20 ms',
    measured: `p95 ${ms(vencidos?.p95Ms)}`,
    met: vencidos ? vencidos.p95Ms <= 20 : null,
  });

  const search = find(r, 'busqueda')?.optimised;
  goals.push({
    name: 'search',
    goal: 'p95 ≤ 50 ms',
    measured: `p95 ${ms(search?.p95Ms)}`,
    met: search ? search.p95Ms <= 50 : null,
  });

  const lote = find(r, 'lote-500')?.optimised;
  goals.push({
    name: 'a batch of 500 registrations',
    goal: '≤ 500 ms',
    measured: `median ${ms(lote?.p50Ms)} (max ${ms(lote?.maxMs)})`,
    met: lote ? lote.p50Ms <= 500 && lote.errors === 0 : null,
  });

  const ratios = ['bandeja', 'estadisticas'].map((key) => ({ key, s: find(r, key) }));
  const known = ratios.filter((x) => x.s?.speedup !== null && x.s?.speedup !== undefined);
  goals.push({
    name: 'optimised over baseline',
    goal: '≥ 10× on inbox list and statistics',
    measured: ratios.map((x) => `${x.s?.name ?? x.key} ${x.s?.speedup ?? 'n/a'}×`).join(', '),
    met: known.length === ratios.length ? known.every((x) => (x.s?.speedup ?? 0) >= 10) : null,
  });

  // A cache read cannot be 10× a primary-key read (both are one round trip); what the cache
  // saves is the database's work.
  const queries = { optimised: openDetail?.queriesPerRequest ?? null, baseline: detail?.baseline?.queriesPerRequest ?? null };
  const queryShare =
    queries.optimised !== null && queries.baseline !== null && queries.baseline > 0 ? round(queries.optimised / queries.baseline, 3) : null;
  goals.push({
    name: 'database queries per detail request',
    goal: 'optimised ≤ 0.1× baseline',
    measured: queryShare === null ? 'not measured' : `${queries.optimised} against ${queries.baseline} (${queryShare}×)`,
    met: queryShare === null ? null : queryShare <= 0.1,
  });

  const hit = openDetail?.cacheHitRate ?? null;
  goals.push({
    name: 'cache hit rate, detail mix',
    goal: '≥ 90 %',
    measured: hit === null ? 'not measured' : `${round(hit * 100, 1)} %`,
    met: hit === null ? null : hit >= 0.9,
  });

  const outputs = [r.memory.export, r.memory.report];
  const peak = (o: BulkOutput) => (o.status === 'measured' ? Math.max(0, ...Object.values(o.peakAboveIdleMb)) : null);
  goals.push({
    name: '100,000-row export and report',
    goal: `peak RSS ≤ ${MB_LIMIT} MB above idle`,
    measured: outputs
      .map(
        (o) =>
          `${o.what}: ${peak(o) === null ? o.status : `${peak(o)} MB (${o.rows ?? '?'} rows, ${o.seconds ?? '?'} s)`}`,
      )
      .join('; '),
    met: outputs.every((o) => peak(o) !== null) ? outputs.every((o) => (peak(o) as number) <= MB_LIMIT) : null,
  });
  return goals;
}

const fmt = (v: number | null | undefined, suffix = '') => (v === null || v === undefined ? '–' : `${v}${suffix}`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${round(v * 100, 1)} %`);
const lat = (f: Figures | null) => (f ? `${f.p50Ms} / ${f.p95Ms} / ${f.p99Ms}` : '–');
const load = (f: Figures | null) =>
  !f
    ? ''
    : f.model === 'open'
      ? `${f.ratePerSecond}/s`
      : f.model === 'closed'
        ? `${f.connections} conn.`
        : `${f.requests}× one by one`;

/** The Markdown report: the seeds' before/after layout, then ceilings, scaling, memory and goals. */
export function toMarkdown(r: BenchResults): string {
  const lines: string[] = [`# Benchmark, ${r.date}${r.quick ? ' (--quick)' : ''}`, ''];
  lines.push(...summaryLines(r));
  lines.push(...detailLines(r));
  lines.push(...goalLines(r));
  return lines.join('\n');
}

/** The README's "Performance" block: the same header, before/after table and goals. */
export function toReadmeBlock(r: BenchResults): string {
  const stamp = resultStamp(r.date);
  return [
    `Latest run: ${r.date}${r.quick ? ' (`--quick`)' : ''}; full report in [bench/results/${stamp}.md](bench/results/${stamp}.md) (ceilings, scaling, memory).`,
    '',
    ...summaryLines(r),
    ...goalLines(r).map((l) => l.replace(/^## Goals$/, '#### Goals')),
  ].join('\n');
}

function summaryLines(r: BenchResults): string[] {
  const lines: string[] = [];
  lines.push(
    `${r.dataset.documentos.toLocaleString('en')} documents, ${r.dataset.derivaciones.toLocaleString('en')} derivations; ` +
      `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, ${r.machine.os}; Node ${r.machine.node}, ${r.machine.postgres}, Redis ${r.machine.redis}. ` +
      `Run took ${Math.round(r.durationSeconds / 60)} min.`,
    '',
  );
  if (r.machine.note) lines.push(`> ${r.machine.note}`, '');
  for (const note of r.notes) lines.push(`- ${note}`);
  if (r.notes.length) lines.push('');
  lines.push(
    "Baseline = cache off (`CACHE_ENABLED=false`) and only primary keys and unique constraints; optimised = cache on and the suite's indexes. " +
      'Latencies in ms as p50 / p95 / p99, open model (constant arrival rate, measured from the intended send time) unless noted; ' +
      `each run ${r.load.openDurationSeconds} s after ${r.load.warmupSeconds} s of warm-up. ` +
      '"One at a time" is the median of the same requests sent singly after the warm-up (no queue): the improvement is its ratio ' +
      'where measured; under the open load a saturated baseline adds queueing on top.',
    '',
    '| Operation | load | Before (baseline) | After (optimised) | One at a time p50 before → after | Improvement | req/s before → after | errors before / after | cache hit | queries/req before → after |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const s of r.scenarios) {
    if (s.status !== 'measured') {
      lines.push(`| ${s.name} | | ${s.status} | ${s.status} | | | | | | ${s.note ?? ''} |`);
      continue;
    }
    const b = s.baseline;
    const o = s.optimised;
    const improvement =
      s.speedup === null
        ? '–'
        : s.speedup >= 1
          ? `${s.speedup}× (${s.percentFaster} % faster)`
          : `${round(1 / s.speedup, 2)}× slower`;
    lines.push(
      `| ${s.name} | ${load(o ?? b)} | ${lat(b)} | ${lat(o)} | ${fmt(s.unloaded?.baseline?.p50Ms)} → ${fmt(s.unloaded?.optimised?.p50Ms)} | ${improvement} | ${fmt(b?.throughput)} → ${fmt(o?.throughput)} | ` +
        `${pct(b?.errorRate)} / ${pct(o?.errorRate)} | ${pct(o?.cacheHitRate)} | ${fmt(b?.queriesPerRequest)} → ${fmt(o?.queriesPerRequest)} |`,
    );
  }
  return lines;
}

function detailLines(r: BenchResults): string[] {
  const lines: string[] = [];
  const closed = r.scenarios.filter((s) => s.closed && s.status === 'measured');
  if (closed.length) {
    lines.push(
      '',
      `Maximum throughput, closed loop (${r.load.closedConnections} connections, ${r.load.closedDurationSeconds} s):`,
      '',
    );
    lines.push('| Operation | baseline req/s (p50 / p99 ms) | optimised req/s (p50 / p99 ms) |', '|---|---|---|');
    for (const s of closed) {
      const c = s.closed ?? { optimised: null, baseline: null };
      const cell = (f: Figures | null) => (f ? `${f.throughput} (${f.p50Ms} / ${f.p99Ms})` : '–');
      lines.push(`| ${s.name} | ${cell(c.baseline)} | ${cell(c.optimised)} |`);
    }
  }
  lines.push('', '## Ceilings: a bare Fastify server (no NestJS, no bus) reading the same document', '');
  lines.push('| Source | open model p50 / p95 / p99 ms | closed loop req/s |', '|---|---|---|');
  for (const [name, c] of Object.entries(r.ceilings)) {
    lines.push(
      `| ${c.what} (${name}) | ${lat(c.open)} at ${fmt(c.open?.ratePerSecond)}/s | ${fmt(c.closed?.throughput)} |`,
    );
  }
  const fractions = r.scenarios.filter((s) => s.ofCeiling);
  if (fractions.length) {
    lines.push('', 'As a fraction of the ceiling (1 = as fast as the bare server):', '');
    lines.push('| Operation | ceiling | latency (ceiling p50 / p50) | throughput (closed loop) |', '|---|---|---|---|');
    for (const s of fractions) {
      const f = s.ofCeiling;
      if (f) lines.push(`| ${s.name} | ${f.ceiling} | ${fmt(f.latency)} | ${fmt(f.throughput)} |`);
    }
  }
  lines.push('', '## Scaling (optimised)', '');
  lines.push('| Documents | inbox p50 / p95 / p99 ms | detail (cold) p50 / p95 / p99 ms |', '|---|---|---|');
  for (const p of r.scaling)
    lines.push(`| ${p.documentos.toLocaleString('en')} | ${lat(p.inbox)} | ${lat(p.detail)} |`);
  lines.push('', '## Memory', '');
  lines.push('| App | idle RSS MB | peak RSS MB during the run |', '|---|---|---|');
  for (const [app, m] of Object.entries(r.memory.apps)) lines.push(`| ${app} | ${m.idleMb} | ${m.peakMb} |`);
  lines.push('', '| Bulk output | rows | MB | seconds | peak RSS above idle |', '|---|---|---|---|---|');
  for (const o of [r.memory.export, r.memory.report]) {
    const peaks = Object.entries(o.peakAboveIdleMb)
      .map(([app, mb]) => `${app} ${mb} MB`)
      .join(', ');
    const size = o.bytes === null ? '–' : round(o.bytes / 1_048_576, 1);
    lines.push(
      `| ${o.what} | ${fmt(o.rows)} | ${size} | ${fmt(o.seconds)} | ${o.status === 'measured' ? peaks : `${o.status}${o.note ? `: ${o.note}` : ''}`} |`,
    );
  }
  return lines;
}

function goalLines(r: BenchResults): string[] {
  const lines: string[] = [];
  lines.push('', '## Goals', '');
  lines.push('| What | Goal | Measured | Met |', '|---|---|---|---|');
  for (const g of r.goals) {
    const met = g.met === null ? 'not measured' : g.met ? 'yes' : 'no';
    lines.push(`| ${g.name} | ${g.goal} | ${g.measured} | ${met}${g.note ? ` (${g.note})` : ''} |`);
  }
  lines.push('');
  return lines;
}

export const README_START = '<!-- bench:latest:start -->';
export const README_END = '<!-- bench:latest:end -->';

/** `text` with what lies between the README markers replaced by `block`; unchanged without markers. */
export function replaceBetweenMarkers(text: string, block: string): string {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return text;
  return `${text.slice(0, start + README_START.length)}\n${block.trim()}\n${text.slice(end)}`;
}

/** `2026-11-22T10-05-00Z`: the results' file name for a date. */
export const resultStamp = (iso: string) => iso.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
