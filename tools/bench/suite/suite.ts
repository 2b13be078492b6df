import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DEV_TRACKING_CODE_SECRET } from '@mesa/shared/config';
import { AppName, RssSampler, RunningSuite } from './apps';
import { runClosedLoop } from './closed-loop';
import { DATASET_VERSION, Dataset, ensureDataset, withClient } from './dataset';
import { HttpClient } from './http-client';
import { dropSecondaryIndexes, restoreIndexes } from './indexes';
import { Figures } from './latency';
import { measureBackground, measureExport, measureReport, measureScenario, statementCounter, Timing } from './measure';
import { runOpenModel } from './open-model';
import {
  AppMemory,
  BenchResults,
  BulkOutput,
  Ceiling,
  ceilingFraction,
  evaluateGoals,
  Machine,
  ScalePoint,
  ScenarioResult,
  resultStamp,
  scenarioResult,
  toMarkdown,
} from './results';
import { ConfigName, Ctx, Fixtures, Scenario, loadFixtures, scenarios } from './scenarios';

export interface BenchOptions {
  quick: boolean;
  adminUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  password: string;
  repoRoot: string;
  /** Main dataset size (default 100,000 with --quick, else 1,000,000). */
  documentos?: number;
  /** Only these scenario keys (development). */
  only?: Set<string>;
  note?: string;
  pgStatStatements: boolean;
  log: (line: string) => void;
}

const CEILING_PORT = 3210;
/** Longer than the gateway's bus timeout (5 s): a request still unanswered by then counts as an error. */
const REQUEST_TIMEOUT_MS = 10_000;
const TRACKING_SECRET = process.env.TRACKING_CODE_SECRET || DEV_TRACKING_CODE_SECRET;
const EXPORT_ROWS = 100_000;
const SCALING_KEYS = ['bandeja', 'detalle-frio'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Work to undo however the run ends (indexes to rebuild, processes to stop). */
const cleanups: (() => Promise<void>)[] = [];
export async function runCleanups(): Promise<void> {
  for (let fn = cleanups.pop(); fn; fn = cleanups.pop())
    await fn().catch((e: Error) => process.stderr.write(`cleanup failed: ${e.message}\n`));
}

function timingFor(quick: boolean): Timing {
  return quick
    ? { quick, openSeconds: 5, warmupSeconds: 1, closedSeconds: 5, closedConnections: 64, unloadedRequests: 10 }
    : { quick, openSeconds: 20, warmupSeconds: 3, closedSeconds: 15, closedConnections: 64, unloadedRequests: 30 };
}

async function machine(opts: BenchOptions, note: string): Promise<Machine> {
  const postgres = await withClient(
    opts.adminUrl,
    async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
  );
  const redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const info = await redis.info('server');
  redis.disconnect();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `Linux ${release()}`,
    node: process.version,
    postgres: `PostgreSQL ${postgres.split(' ')[0]}`,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    pgStatStatements: opts.pgStatStatements,
    note,
  };
}

/** Access tokens last 15 minutes at most: a longer run signs in again between scenarios. */
const SIGN_IN_AGAIN_MS = 10 * 60_000;

async function login(http: HttpClient, username: string, password: string): Promise<string> {
  const t = await http.json<{ accessToken: string }>({
    method: 'POST',
    path: '/api/v1/auth/login',
    json: { username, password },
  });
  return t.accessToken;
}

/** Cursor of page 50 of ARCHIVADO documents (20 a page), reached by following each page's cursor. */
async function deepCursor(http: HttpClient, token: string): Promise<string | null> {
  let cursor: string | null = null;
  for (let page = 1; page < 50; page++) {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res: { nextCursor: string | null } = await http.json({
      path: `/api/v1/documentos?estado=ARCHIVADO&limit=20${q}`,
      headers: { authorization: `Bearer ${token}` },
    });
    cursor = res.nextCursor;
    if (!cursor) return null;
  }
  return cursor;
}

/** Lima date of the EXPORT_ROWS-th newest document: filtering from it gives about that many rows. */
async function exportStart(db: Client): Promise<{ fechaDesde: string | null; rows: number }> {
  const { rows } = await db.query<{ d: string }>(
    `SELECT (fecha_recepcion AT TIME ZONE 'America/Lima')::date::text AS d FROM documentos.documento ORDER BY fecha_recepcion DESC OFFSET $1 LIMIT 1`,
    [EXPORT_ROWS - 1],
  );
  const fechaDesde = rows[0]?.d ?? null;
  const count = await db.query<{ n: number }>(
    fechaDesde
      ? `SELECT count(*)::int AS n FROM documentos.documento WHERE fecha_recepcion >= ($1::date::timestamp AT TIME ZONE 'America/Lima')`
      : 'SELECT count(*)::int AS n FROM documentos.documento',
    fechaDesde ? [fechaDesde] : [],
  );
  return { fechaDesde, rows: count.rows[0].n };
}

interface ConfigRun {
  figures: Map<
    string,
    { figures: Figures | null; closed: Figures | null; unloaded?: Figures | null; unavailable?: string; note?: string }
  >;
  export?: BulkOutput;
  report?: BulkOutput;
  idle?: Partial<Record<AppName, number>>;
  peaks: Partial<Record<AppName, number>>;
}

/** Starts the apps on a dataset with one configuration, runs the scenarios, stops the apps. */
async function runConfig(
  opts: BenchOptions,
  dataset: Dataset,
  config: ConfigName,
  list: Scenario[],
  fixtures: Fixtures,
  timing: Timing,
  shared: { deepCursor: string | null },
  bulk?: { fechaDesde: string | null; rows: number },
): Promise<ConfigRun> {
  const suite = await RunningSuite.start({
    databaseUrl: dataset.url,
    redisUrl: opts.redisUrl,
    redisKeyPrefix: `${opts.redisKeyPrefix}${dataset.size}:${config}:`,
    cacheEnabled: config === 'optimised',
    repoRoot: opts.repoRoot,
    logDir: join(opts.repoRoot, 'tmp', 'bench-logs'),
  });
  const stop = () => suite.stop();
  cleanups.push(stop);
  const http = new HttpClient(suite.gatewayUrl, 512, REQUEST_TIMEOUT_MS);
  const db = new Client({ connectionString: dataset.url, application_name: 'mesa-bench' });
  await db.connect();
  // The server preloads the library; its view exists only in databases that created the extension.
  if (opts.pgStatStatements) await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const sampler = new RssSampler(suite, 1000);
  try {
    const auth = { admin: '', mesa: '' };
    let signedInAt = 0;
    const signIn = async () => {
      if (Date.now() - signedInAt < SIGN_IN_AGAIN_MS) return;
      Object.assign(auth, {
        admin: await login(http, 'admin', opts.password),
        mesa: await login(http, 'mesa', opts.password),
      });
      signedInAt = Date.now();
    };
    await signIn();
    await sleep(1000);
    const run: ConfigRun = { figures: new Map(), idle: await suite.rssMb(), peaks: {} };
    sampler.start();
    if (config === 'optimised' && list.some((s) => s.key === 'lista-profunda') && shared.deepCursor === null) {
      shared.deepCursor = await deepCursor(http, auth.admin).catch(() => null);
    }
    const ctx: Ctx = {
      http,
      config,
      auth,
      fixtures,
      deepCursor: shared.deepCursor,
      created: { documentos: [], derivaciones: [] },
    };
    const statements = statementCounter(db, opts.pgStatStatements);
    const background = await measureBackground(suite, statements, 3000);
    opts.log(
      `  ${config}: the apps run ${background.dbOpsPerSecond.toFixed(1)} database operations/s on their own (subtracted)`,
    );
    for (const scenario of list) {
      await signIn();
      await suite.settle(15_000);
      await sleep(timing.quick ? 500 : 2000);
      opts.log(`  ${config} · ${scenario.name}`);
      try {
        const m = await measureScenario(suite, ctx, scenario, timing, statements, background);
        if ('unavailable' in m) {
          opts.log(`    unavailable: ${m.unavailable}`);
          run.figures.set(scenario.key, { figures: null, closed: null, unavailable: m.unavailable });
        } else {
          const f = m.figures;
          opts.log(
            `    p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms, p99 ${f.p99Ms} ms, ${f.throughput} req/s, errors ${f.errors}/${f.requests}` +
              `${f.cacheHitRate !== null ? `, hit ${Math.round(f.cacheHitRate * 100)} %` : ''}${m.closed ? `; closed loop ${m.closed.throughput} req/s` : ''}`,
          );
          if (m.note) opts.log(`    ${m.note}`);
          run.figures.set(scenario.key, { figures: f, closed: m.closed, unloaded: m.unloaded, note: m.note });
        }
      } catch (error) {
        opts.log(`    failed: ${(error as Error).message}`);
        run.figures.set(scenario.key, {
          figures: null,
          closed: null,
          note: `failed: ${(error as Error).message.slice(0, 200)}`,
        });
      }
    }
    if (bulk) {
      await signIn();
      await suite.settle();
      opts.log(`  ${config} · CSV export of ${bulk.rows.toLocaleString('en')} rows`);
      run.export = await measureExport(suite, auth.admin, bulk.fechaDesde);
      opts.log(
        `    ${run.export.status} ${run.export.rows ?? ''} rows in ${run.export.seconds ?? '?'} s ${JSON.stringify(run.export.peakAboveIdleMb)} ${run.export.note ?? ''}`,
      );
      opts.log(`  ${config} · Excel report of ${bulk.rows.toLocaleString('en')} rows`);
      run.report = await measureReport(suite, http, auth.admin, bulk.fechaDesde, bulk.rows);
      opts.log(
        `    ${run.report.status} in ${run.report.seconds ?? '?'} s ${JSON.stringify(run.report.peakAboveIdleMb)} ${run.report.note ?? ''}`,
      );
    }
    run.peaks = await sampler.stop();
    return run;
  } finally {
    await sampler.stop();
    http.close();
    await db.end().catch(() => undefined);
    await stop();
    cleanups.splice(cleanups.indexOf(stop), 1);
  }
}

/** The bare Fastify server, measured with the same open model and closed loop. */
async function measureCeilings(
  opts: BenchOptions,
  dataset: Dataset,
  ids: string[],
  timing: Timing,
): Promise<BenchResults['ceilings']> {
  const prefix = `${opts.redisKeyPrefix}ceiling:`;
  const redis = new Redis(opts.redisUrl);
  const docs = await withClient(
    dataset.url,
    async (c) => (await c.query('SELECT * FROM documentos.documento WHERE id = ANY($1)', [ids])).rows,
  );
  for (const d of docs) {
    delete d.search_vector;
    await redis.set(`${prefix}${d.id}`, JSON.stringify(d), 'EX', 3600);
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(opts.repoRoot, 'tools/bench/suite/ceiling.server.ts')],
    {
      cwd: opts.repoRoot,
      env: {
        ...process.env,
        CEILING_PORT: String(CEILING_PORT),
        DATABASE_URL: dataset.url,
        REDIS_URL: opts.redisUrl,
        CEILING_PREFIX: prefix,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const kill = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  cleanups.push(kill);
  const url = `http://127.0.0.1:${CEILING_PORT}`;
  const http = new HttpClient(url, 512);
  try {
    for (let i = 0; i < 100; i++) {
      const up = await http.send({ path: `/redis/${ids[0]}` }).then(
        () => true,
        () => false,
      );
      if (up) break;
      await sleep(200);
    }
    const measure = async (source: 'hello' | 'redis' | 'pg', what: string): Promise<Ceiling> => {
      let n = 0;
      const path = () => (source === 'hello' ? '/hello' : `/${source}/${ids[n++ % ids.length]}`);
      const send = () => http.send({ path: path() }).then((a) => a.status === 200);
      await runOpenModel({ ratePerSecond: 1000, durationMs: timing.warmupSeconds * 1000, send });
      const open = (await runOpenModel({ ratePerSecond: 1000, durationMs: timing.openSeconds * 1000, send })).figures;
      const closed = await runClosedLoop({
        url,
        connections: timing.closedConnections,
        durationSeconds: timing.closedSeconds,
        nextPath: path,
      });
      opts.log(
        `  ceiling ${source}: p50 ${open.p50Ms} ms, p99 ${open.p99Ms} ms at 1000/s; closed loop ${closed.throughput} req/s`,
      );
      return { what, open, closed };
    };
    return {
      hello: await measure('hello', 'a constant JSON answer'),
      redis: await measure('redis', 'Redis GET of the document JSON'),
      postgres: await measure('pg', 'PostgreSQL SELECT by primary key'),
    };
  } finally {
    http.close();
    await kill();
    cleanups.splice(cleanups.indexOf(kill), 1);
    redis.disconnect();
  }
}

function combine(key: string, list: Scenario[], optimised: ConfigRun, baseline: ConfigRun | null): ScenarioResult {
  const s = list.find((x) => x.key === key);
  if (!s) throw new Error(`unknown scenario ${key}`);
  const o = optimised.figures.get(key);
  const b = baseline?.figures.get(key);
  const base = { key, name: s.name, route: s.route };
  if (o?.unavailable && (!b || b.unavailable)) {
    return {
      ...base,
      status: 'unavailable',
      note: o.unavailable,
      optimised: null,
      baseline: null,
      speedup: null,
      percentFaster: null,
    };
  }
  const notes = [
    o?.note && `optimised: ${o.note}`,
    b?.note && `baseline: ${b.note}`,
    b?.unavailable && `baseline: ${b.unavailable}`,
  ].filter(Boolean);
  const result = scenarioResult(
    notes.length ? { ...base, note: notes.join('; ') } : base,
    o?.figures ?? null,
    b?.figures ?? null,
    s.closed ? { optimised: o?.closed ?? null, baseline: b?.closed ?? null } : undefined,
    s.model === 'open' ? { optimised: o?.unloaded ?? null, baseline: b?.unloaded ?? null } : undefined,
  );
  return result;
}

const maxPeaks = (runs: ConfigRun[]) => {
  const out: Partial<Record<AppName, number>> = {};
  for (const r of runs)
    for (const [app, mb] of Object.entries(r.peaks) as [AppName, number][]) out[app] = Math.max(out[app] ?? 0, mb);
  return out;
};

/** The whole benchmark: datasets, ceilings, both configurations, scaling; writes the results. */
export async function runBenchmark(opts: BenchOptions): Promise<BenchResults> {
  const started = Date.now();
  const timing = timingFor(opts.quick);
  const mainSize = opts.documentos ?? (opts.quick ? 100_000 : 1_000_000);
  const sizes = [...new Set([10_000, 100_000, ...(opts.quick ? [] : [1_000_000]), mainSize])].sort((a, b) => a - b);
  const list = scenarios().filter((s) => !opts.only || opts.only.has(s.key));
  const startLoad = loadavg()[0];
  const load = `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the start`;

  const datasets = new Map<number, Dataset>();
  for (const size of sizes) {
    const d = await ensureDataset(opts.adminUrl, size, opts.password, opts.log);
    // Indexes a killed run left dropped come back before anything is measured.
    const rebuilt = await withClient(d.url, (c) => restoreIndexes([c]));
    if (rebuilt) opts.log(`Rebuilt ${rebuilt} indexes a previous run left dropped in ${d.url.split('/').pop()}.`);
    datasets.set(size, d);
  }
  const main = datasets.get(mainSize);
  if (!main) throw new Error('the main dataset was not loaded');
  opts.log(
    `Main dataset: ${main.documentos.toLocaleString('en')} documents, ${main.derivaciones.toLocaleString('en')} derivations${main.reused ? ' (reused)' : ''}.`,
  );

  const perConfigCold = Math.max(1000, 100 * (timing.openSeconds + timing.warmupSeconds) + 1000);
  const fixtures = await withClient(main.url, (c) => loadFixtures(c, perConfigCold, TRACKING_SECRET));
  const bulk = await withClient(main.url, exportStart);

  const shared = { deepCursor: null as string | null };
  opts.log(`Optimised (cache on, all indexes), ${mainSize.toLocaleString('en')} documents:`);
  const optimised = await runConfig(opts, main, 'optimised', list, fixtures, timing, shared, bulk);

  // While no app runs, on the documents the detail scenarios read.
  opts.log('Ceilings (bare Fastify server):');
  const ceilings = await measureCeilings(opts, main, fixtures.hotIds, timing);

  let baseline: ConfigRun | null = null;
  opts.log('Baseline (cache off, primary keys and unique constraints only):');
  const restore = async () => {
    const clients = [new Client({ connectionString: main.url }), new Client({ connectionString: main.url })];
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const n = await restoreIndexes(clients);
      opts.log(`Rebuilt ${n} indexes.`);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  };
  cleanups.push(restore);
  try {
    const dropped = await withClient(main.url, dropSecondaryIndexes);
    opts.log(`Dropped ${dropped.length} secondary indexes (definitions kept in public.bench_dropped_indexes).`);
    await withClient(main.url, (c) => c.query('ANALYZE documentos.documento; ANALYZE derivaciones.derivacion'));
    baseline = await runConfig(opts, main, 'baseline', list, fixtures, timing, shared);
  } finally {
    cleanups.splice(cleanups.indexOf(restore), 1);
    await restore();
  }

  const scaling: ScalePoint[] = [];
  const scalingList = list.filter((s) => SCALING_KEYS.includes(s.key));
  const extraRuns: ConfigRun[] = [];
  for (const size of sizes) {
    const d = datasets.get(size);
    if (!d) continue;
    let run: ConfigRun;
    if (size === mainSize) run = optimised;
    else {
      opts.log(`Scaling: ${size.toLocaleString('en')} documents (optimised):`);
      // Enough distinct ids for the cold detail reads, which take half of the cold sample.
      const scaleCold = 2 * (100 * (timing.openSeconds + timing.warmupSeconds) + timing.unloadedRequests + 50);
      const f = await withClient(d.url, (c) => loadFixtures(c, scaleCold, TRACKING_SECRET));
      f.hotIds = f.hotIds.slice(0, 1);
      f.coldIds.baseline = [];
      run = await runConfig(opts, d, 'optimised', scalingList, f, timing, { deepCursor: null });
      extraRuns.push(run);
    }
    // Counted now: earlier runs' registrations (and the detail pool) are part of what was measured.
    const counts = await withClient(d.url, async (c) => {
      const { rows } = await c.query<{ documentos: number; derivaciones: number }>(
        'SELECT (SELECT count(*) FROM documentos.documento)::int AS documentos, (SELECT count(*) FROM derivaciones.derivacion)::int AS derivaciones',
      );
      return rows[0];
    });
    scaling.push({
      documentos: counts.documentos,
      derivaciones: counts.derivaciones,
      inbox: run.figures.get('bandeja')?.figures ?? null,
      detail: run.figures.get('detalle-frio')?.figures ?? null,
    });
  }

  const peaks = maxPeaks([optimised, ...(baseline ? [baseline] : []), ...extraRuns]);
  const apps: Record<string, AppMemory> = {};
  for (const [app, idle] of Object.entries(optimised.idle ?? {}) as [AppName, number][])
    apps[app] = { idleMb: idle, peakMb: peaks[app] ?? idle };
  const notRun = (what: string): BulkOutput => ({
    what,
    status: 'failed',
    note: 'not run',
    rows: null,
    bytes: null,
    seconds: null,
    peakAboveIdleMb: {},
  });

  const scenarioResults = list.map((s) => combine(s.key, list, optimised, baseline));
  const partial: Omit<BenchResults, 'goals'> = {
    date: new Date(started).toISOString(),
    quick: opts.quick,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: await machine(opts, [opts.note, load].filter(Boolean).join('; ')),
    dataset: { documentos: main.documentos, derivaciones: main.derivaciones, version: DATASET_VERSION, scales: sizes },
    load: {
      openDurationSeconds: timing.openSeconds,
      warmupSeconds: timing.warmupSeconds,
      closedDurationSeconds: timing.closedSeconds,
      closedConnections: timing.closedConnections,
    },
    ceilings,
    scenarios: scenarioResults,
    scaling,
    memory: {
      apps,
      export: optimised.export ?? notRun('CSV export'),
      report: optimised.report ?? notRun('Excel report'),
    },
    bus: null,
    notes: [
      opts.pgStatStatements
        ? 'Queries per request: pg_stat_statements calls of the dataset database.'
        : "Queries per request: the apps' db_client_operation_duration_seconds counts (pg_stat_statements is not preloaded by this server).",
      'Apps from dist/apps with LOG_LEVEL=warn and the rate limits raised (the benchmark is one client); load generator in one Node process on the same machine.',
      'Open-model requests still waiting 10 s, or due while 1,000 are already waiting, count as errors.',
    ],
  };
  for (const s of partial.scenarios) s.ofCeiling = ceilingFraction(s, ceilings);
  // A machine busy with other work before the run starts cannot tell a design limit from contention.
  // Only the load at the start counts: by the end the benchmark's own load is in the average.
  const busy = startLoad > cpus().length;
  const goals = evaluateGoals(partial).map((g) =>
    g.met === false && busy && !g.note
      ? {
          ...g,
          note: `missed on a machine already busy (load average ${startLoad.toFixed(1)} on ${cpus().length} cores at the start); rerun on an idle one before concluding`,
        }
      : g,
  );
  return { ...partial, goals };
}

export function writeResults(r: BenchResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = resultStamp(r.date);
  const json = `${JSON.stringify(r, null, 2)}\n`;
  const md = toMarkdown(r);
  const written: string[] = [];
  for (const name of [stamp, 'latest']) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.md`), md);
    written.push(`${name}.json`, `${name}.md`);
  }
  return written;
}

export const runId = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
