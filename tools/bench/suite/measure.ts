import { Client } from 'pg';
import { RssSampler, RunningSuite } from './apps';
import { runClosedLoop } from './closed-loop';
import { HttpClient, HttpStatusError } from './http-client';
import { Figures } from './latency';
import { plannedRequests, runOpenModel, runSequential } from './open-model';
import { AppCounters, deltaFigures, perRequest } from './prometheus-text';
import { BulkOutput } from './results';
import { Ctx, Scenario } from './scenarios';

export interface Timing {
  quick: boolean;
  openSeconds: number;
  warmupSeconds: number;
  closedSeconds: number;
  closedConnections: number;
  /** Requests sent one at a time (no queueing) per scenario, for the per-request comparison. */
  unloadedRequests: number;
}

/** Past this many requests waiting, a due one is counted as an error unsent: a server that fell that far behind has failed it. */
const MAX_IN_FLIGHT = 1000;
/** A slow baseline gets fewer one-at-a-time requests rather than minutes of them. */
const UNLOADED_MAX_MS = 20_000;

export type Measured =
  | { figures: Figures; closed: Figures | null; unloaded: Figures | null; note?: string }
  | { unavailable: string };

/** Database operations so far: pg_stat_statements calls of the dataset's database when loaded, else null. */
export type StatementCounter = () => Promise<number | null>;

export function statementCounter(db: Client, loaded: boolean): StatementCounter {
  if (!loaded) return async () => null;
  return async () => {
    const { rows } = await db.query<{ n: string | null }>(
      `SELECT sum(calls)::text AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`,
    );
    return rows[0].n === null ? 0 : Number(rows[0].n);
  };
}

/** What the apps do to the database on their own, per second, measured while no request runs. */
export interface Background {
  dbOpsPerSecond: number;
  statementsPerSecond: number | null;
}

export async function measureBackground(
  suite: RunningSuite,
  statements: StatementCounter,
  ms: number,
): Promise<Background> {
  const c0 = await suite.counters();
  const s0 = await statements();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const c1 = await suite.counters();
  const s1 = await statements();
  const seconds = (performance.now() - t0) / 1000;
  return {
    dbOpsPerSecond: (c1.dbOperations - c0.dbOperations) / seconds,
    statementsPerSecond: s0 !== null && s1 !== null ? (s1 - s0) / seconds : null,
  };
}

/**
 * One scenario under one configuration: a probe (a missing route makes it "unavailable"),
 * warm-up at the same rate, then the measured run with the apps' counters read around it.
 */
export async function measureScenario(
  suite: RunningSuite,
  ctx: Ctx,
  scenario: Scenario,
  timing: Timing,
  statements: StatementCounter,
  background: Background,
): Promise<Measured> {
  const ok = new Set(scenario.ok ?? [200, 201, 202, 204, 304]);
  let next = 0;
  const budget = () => (scenario.available ? scenario.available(ctx) - next : Number.MAX_SAFE_INTEGER);
  const send = async (i: number): Promise<boolean> => {
    const req = scenario.request(ctx, i);
    const answer = await ctx.http.send(req, Boolean(scenario.collect));
    const good = ok.has(answer.status);
    if (good && scenario.collect && answer.body?.length)
      scenario.collect(ctx, JSON.parse(answer.body.toString('utf8')));
    return good;
  };

  if (budget() < 1) return { unavailable: 'nothing to send (its inputs come from a scenario that did not run)' };
  const probe = scenario.request(ctx, next++);
  const answer = await ctx.http.send(probe, true).catch((error: Error) => error);
  if (answer instanceof Error) return { unavailable: `probe failed: ${answer.message}` };
  const text = answer.body?.toString('utf8') ?? '';
  const status = new HttpStatusError(answer.status, text, `${probe.method ?? 'GET'} ${probe.path.split('?')[0]}`);
  if (status.routeMissing) return { unavailable: `route answers ${answer.status} (not implemented yet)` };
  let note: string | undefined;
  if (!ok.has(answer.status)) note = `probe answered ${answer.status}: ${text.slice(0, 160)}`;
  else if (scenario.collect && text) scenario.collect(ctx, JSON.parse(text));

  if (scenario.model === 'sequential') {
    const count = (timing.quick ? scenario.count?.quick : scenario.count?.full) ?? 1;
    const before = await suite.counters();
    const beforeStatements = await statements();
    const figures = await runSequential(count, () => send(next++));
    return {
      figures: await withCounters(suite, figures, before, beforeStatements, statements, background),
      closed: null,
      unloaded: null,
      note,
    };
  }

  const rate = scenario.rate ?? 1;
  const capped = (seconds: number) => Math.min(seconds * 1000, (budget() / rate) * 1000);
  const warmupMs = capped(timing.warmupSeconds);
  if (warmupMs >= 1000 / rate)
    await runOpenModel({
      ratePerSecond: rate,
      durationMs: warmupMs,
      maxInFlight: MAX_IN_FLIGHT,
      send: () => send(next++),
    });
  // One at a time, warm: what one request costs without any queue, the seeds' "before/after".
  const unloadedCount = Math.min(
    timing.unloadedRequests,
    Math.max(0, budget() - Math.ceil((rate * timing.openSeconds) / 2)),
  );
  const unloaded =
    unloadedCount > 0 ? await runSequential(unloadedCount, () => send(next++), undefined, UNLOADED_MAX_MS) : null;
  const durationMs = capped(timing.openSeconds);
  if (plannedRequests({ ratePerSecond: rate, durationMs }) < 1 || durationMs < 1000 / rate) {
    return { unavailable: 'too few inputs left after the warm-up' };
  }
  const before = await suite.counters();
  const beforeStatements = await statements();
  const { figures: raw } = await runOpenModel({
    ratePerSecond: rate,
    durationMs,
    maxInFlight: MAX_IN_FLIGHT,
    send: () => send(next++),
  });
  const figures = await withCounters(suite, raw, before, beforeStatements, statements, background);

  let closed: Figures | null = null;
  if (scenario.closed) {
    const beforeClosed = await suite.counters();
    const beforeClosedStatements = await statements();
    const sample = scenario.request(ctx, 0);
    const rawClosed = await runClosedLoop({
      url: suite.gatewayUrl,
      connections: timing.closedConnections,
      durationSeconds: timing.closedSeconds,
      headers: sample.headers,
      nextPath: () => scenario.request(ctx, next++).path,
    });
    closed = await withCounters(suite, rawClosed, beforeClosed, beforeClosedStatements, statements, background);
  }
  return { figures, closed, unloaded, note };
}

async function withCounters(
  suite: RunningSuite,
  figures: Figures,
  before: AppCounters,
  beforeStatements: number | null,
  statements: StatementCounter,
  background: Background,
): Promise<Figures> {
  const after = await suite.counters();
  const afterStatements = await statements();
  const seconds = figures.durationSeconds;
  const delta = deltaFigures(before, after, figures.requests, { dbOpsPerSecond: background.dbOpsPerSecond, seconds });
  const queriesPerRequest =
    beforeStatements !== null && afterStatements !== null && background.statementsPerSecond !== null
      ? perRequest(afterStatements - beforeStatements, background.statementsPerSecond, seconds, figures.requests)
      : delta.queriesPerRequest;
  return { ...figures, cacheHitRate: delta.cacheHitRate, queriesPerRequest };
}

function mbAbove(
  peaks: Record<string, number | undefined>,
  idle: Record<string, number | undefined>,
  apps: string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const app of apps) {
    const peak = peaks[app];
    const base = idle[app];
    if (peak !== undefined && base !== undefined) out[app] = Math.max(0, peak - base);
  }
  return out;
}

/** The CSV export of about 100,000 rows, streamed and counted, with the apps' peak RSS above idle. */
export async function measureExport(
  suite: RunningSuite,
  token: string,
  fechaDesde: string | null,
): Promise<BulkOutput> {
  const what = 'CSV export (GET /api/v1/documentos/exportar)';
  const idle = await suite.rssMb();
  const sampler = new RssSampler(suite, 200).start();
  const started = performance.now();
  try {
    const res = await fetch(
      `${suite.gatewayUrl}/api/v1/documentos/exportar${fechaDesde ? `?fechaDesde=${fechaDesde}` : ''}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    if (res.status === 404 || res.status === 501) {
      await sampler.stop();
      return {
        what,
        status: 'unavailable',
        note: `answers ${res.status}`,
        rows: null,
        bytes: null,
        seconds: null,
        peakAboveIdleMb: {},
      };
    }
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const peaks = await sampler.stop();
    return {
      what,
      status: res.ok ? 'measured' : 'failed',
      ...(res.ok ? {} : { note: `answered ${res.status}` }),
      rows: Math.max(0, lines - 1),
      bytes,
      seconds,
      peakAboveIdleMb: mbAbove(peaks, idle, ['gateway', 'documentos-service']),
    };
  } catch (error) {
    await sampler.stop();
    return {
      what,
      status: 'failed',
      note: (error as Error).message,
      rows: null,
      bytes: null,
      seconds: null,
      peakAboveIdleMb: {},
    };
  }
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** The Excel report of about 100,000 documents through the task API, with the worker's peak RSS above idle. */
export async function measureReport(
  suite: RunningSuite,
  http: HttpClient,
  token: string,
  fechaDesde: string | null,
  rows: number,
): Promise<BulkOutput> {
  const what = 'Excel report (POST /api/v1/reportes, xlsx)';
  const headers = { authorization: `Bearer ${token}` };
  const empty = { rows: null, bytes: null, seconds: null, peakAboveIdleMb: {} };
  const idle = await suite.rssMb();
  const sampler = new RssSampler(suite, 200).start();
  const started = performance.now();
  try {
    const created = await http.json<{ id: string }>({
      method: 'POST',
      path: '/api/v1/reportes',
      headers,
      json: { tipo: 'documentos', formato: 'xlsx', filtros: fechaDesde ? { desde: fechaDesde } : {} },
    });
    let estado = '';
    let error: string | null = null;
    const deadline = Date.now() + 15 * 60_000;
    while (!TERMINAL.has(estado) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const tarea = await http.json<{ estado: string; error?: string | null }>({
        path: `/api/v1/tareas/${created.id}`,
        headers,
      });
      estado = tarea.estado;
      error = tarea.error ?? null;
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const peaks = await sampler.stop();
    if (estado !== 'completed')
      return { what, status: 'failed', note: `task ${estado || 'timed out'}${error ? `: ${error}` : ''}`, ...empty };
    const file = await http.send({ path: `/api/v1/reportes/${created.id}/descarga`, headers });
    return {
      what,
      status: 'measured',
      rows,
      bytes: file.bytes,
      seconds,
      peakAboveIdleMb: mbAbove(peaks, idle, ['reportes-worker', 'documentos-service', 'gateway']),
    };
  } catch (error) {
    await sampler.stop();
    if (error instanceof HttpStatusError && error.routeMissing)
      return { what, status: 'unavailable', note: `route answers ${error.status} (not implemented yet)`, ...empty };
    return { what, status: 'failed', note: (error as Error).message.slice(0, 200), ...empty };
  }
}
