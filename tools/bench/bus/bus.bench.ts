/**
 * Bus benchmark: our Redis Streams transporter against NestJS's built-in Redis transport
 * (`Transport.REDIS`, pub/sub) on the same two handlers (an empty one, and a primary-key read from
 * PostgreSQL), one replica each in a process of its own, same machine, same run. Then a replica
 * check: two replicas of each, counting how often each request's handler ran.
 *
 *   node -r @swc-node/register tools/bench/bus/bus.bench.ts [--requests=20000] [--concurrency=64]
 *     [--warmup=2000] [--rounds=5]
 *
 * Writes bench/results/bus-<date>.{json,md} and bench/results/bus-latest.{json,md}.
 * BUS_BENCH_PROFILE=1 also writes V8 CPU profiles of the server processes to tmp/bus-bench-profiles.
 */
import 'reflect-metadata';
import { Controller, DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientProxyFactory, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import Redis from 'ioredis';
import { firstValueFrom, timeout } from 'rxjs';
import { BusExceptionFilter, RedisStreamsClient, RedisStreamsServer } from '@mesa/shared/bus';

export interface BusBenchmarkOptions {
  requests?: number;
  concurrency?: number;
  warmup?: number;
  /** Each measurement is repeated this many times, alternating transports; the median is kept. */
  rounds?: number;
  /** Requests of the replica check. */
  replicaRequests?: number;
  redisUrl?: string;
  databaseUrl?: string;
  /** Where the JSON and Markdown results go; default `<repo>/bench/results`. */
  outDir?: string;
}

type TransportName = 'bus' | 'builtin';
type HandlerName = 'empty' | 'pkRead';

export interface Measurement {
  transport: TransportName;
  handler: HandlerName;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Requests per second of every round, in order. */
  rounds: number[];
  /** CPU time per request (µs, median of rounds) in the calling process, the server process, and Redis. */
  cpuMicrosPerRequest: { client: number; server: number; redis: number };
  /** Socket reads + writes Redis performed per request (each is a syscall on both sides). */
  redisIoPerRequest: number;
}

export interface BusBenchmarkResult {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string };
  config: Required<Pick<BusBenchmarkOptions, 'requests' | 'concurrency' | 'warmup' | 'rounds' | 'replicaRequests'>>;
  measurements: Measurement[];
  /** Our bus's requests/s divided by the built-in transport's, per handler. */
  throughputRatio: Record<HandlerName, number>;
  /** Both ratios at least 0.9. */
  meetsTarget: boolean;
  replicaCheck: Record<TransportName, { requests: number; handlerRuns: number; answered: number }>;
}

const TARGET_RATIO = 0.9;
const REQUEST_TIMEOUT_MS = 15_000;
const TABLE_ROWS = 1_000;
const BENCH_SERVICE = 'bench';
const PROFILE_DIR = resolve(__dirname, '../../../tmp/bus-bench-profiles');

interface Patterns {
  empty: string;
  pkRead: string;
  count: string;
}

interface ServerConfig {
  transport: TransportName;
  patterns: Patterns;
  redisUrl: string;
  keyPrefix: string;
  databaseUrl: string;
  table: string;
}

/** The handlers under test; patterns carry the run id because pub/sub channels are global to Redis. */
function benchController(patterns: Patterns, pool: Pool, table: string, counter: { runs: number }): Type<unknown> {
  @Controller()
  class BenchController {
    @MessagePattern(patterns.empty)
    empty() {
      return { ok: true };
    }

    @MessagePattern(patterns.pkRead)
    async pkRead(@Payload() data: { id: number }) {
      const { rows } = await pool.query({ name: 'bench_pk_read', text: `SELECT id, nombre FROM ${table} WHERE id = $1`, values: [data.id] });
      return rows[0];
    }

    @MessagePattern(patterns.count)
    count() {
      counter.runs++;
      return { ok: true };
    }
  }
  return BenchController;
}

async function startServer(config: ServerConfig, pool: Pool, counter: { runs: number }): Promise<INestMicroservice> {
  const module: DynamicModule = {
    module: class BenchModule {},
    controllers: [benchController(config.patterns, pool, config.table, counter)],
  };
  if (config.transport === 'bus') {
    const strategy = new RedisStreamsServer({ redisUrl: config.redisUrl, service: BENCH_SERVICE, keyPrefix: config.keyPrefix });
    const app = await NestFactory.createMicroservice(module, { strategy, logger: ['error', 'warn'] });
    app.useGlobalFilters(new BusExceptionFilter());
    await app.listen();
    while (!strategy.isConsuming()) await new Promise((r) => setTimeout(r, 10));
    return app;
  }
  const { hostname, port } = new URL(config.redisUrl);
  const app = await NestFactory.createMicroservice(module, {
    transport: Transport.REDIS,
    options: { host: hostname, port: Number(port || 6379) },
    logger: ['error', 'warn'],
  });
  await app.listen();
  return app;
}

function createClient(config: ServerConfig): ClientProxy {
  if (config.transport === 'bus') {
    return new RedisStreamsClient({ redisUrl: config.redisUrl, service: BENCH_SERVICE, keyPrefix: config.keyPrefix, timeoutMs: REQUEST_TIMEOUT_MS });
  }
  const { hostname, port } = new URL(config.redisUrl);
  return ClientProxyFactory.create({ transport: Transport.REDIS, options: { host: hostname, port: Number(port || 6379) } });
}

/** A server replica in a process of its own, as in production; it answers 'stop' on IPC. */
async function serveInChild(): Promise<void> {
  const config = JSON.parse(process.env.BUS_BENCH_SERVER as string) as ServerConfig;
  const pool = new Pool({ connectionString: config.databaseUrl, max: 16 });
  const app = await startServer(config, pool, { runs: 0 });
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
      return;
    }
    if (message !== 'stop') return;
    await app.close();
    await pool.end();
    process.exit(0);
  });
  process.send?.('ready');
}

function spawnServer(config: ServerConfig): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(__filename, [], {
      execArgv: ['-r', '@swc-node/register', ...(process.env.BUS_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
      env: { ...process.env, BUS_BENCH_SERVER: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) => (m === 'ready' ? resolvePromise(child) : reject(new Error(String(m)))));
    child.once('exit', (code) => reject(new Error(`${config.transport} server exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolvePromise();
    });
    child.send('stop');
  });
}

/** CPU time (µs) the server process has used so far. */
function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolvePromise) => {
    const onMessage = (m: unknown) => {
      if (typeof m !== 'object' || m === null || !('cpu' in m)) return;
      child.off('message', onMessage);
      resolvePromise((m as { cpu: number }).cpu);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

/** Redis's CPU time (µs) and socket reads + writes so far. */
async function redisCounters(redis: Redis): Promise<{ cpu: number; io: number }> {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return {
    cpu: (field('used_cpu_user') + field('used_cpu_sys')) * 1e6,
    io: field('total_reads_processed') + field('total_writes_processed'),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function load(client: ClientProxy, pattern: string, requests: number, concurrency: number, server: ChildProcess, redis: Redis) {
  const before = { client: process.cpuUsage(), server: await serverCpu(server), redis: await redisCounters(redis) };
  const latencies = new Float64Array(requests);
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const started = performance.now();
      try {
        await firstValueFrom(client.send(pattern, { id: (i % TABLE_ROWS) + 1 }).pipe(timeout(REQUEST_TIMEOUT_MS)));
      } catch {
        errors++;
      }
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(before.client);
  const after = { server: await serverCpu(server), redis: await redisCounters(redis) };
  const cpu = {
    client: (clientCpu.user + clientCpu.system) / requests,
    server: (after.server - before.server) / requests,
    redis: (after.redis.cpu - before.redis.cpu) / requests,
  };
  const redisIo = (after.redis.io - before.redis.io) / requests;
  latencies.sort();
  return { rps: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, cpu, redisIo };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Two replicas of each transport, in this process: how many times did the handler run? */
async function replicaCheck(base: Omit<ServerConfig, 'transport'>, pool: Pool, requests: number) {
  const check = async (transport: TransportName) => {
    const config = { ...base, transport };
    const counter = { runs: 0 };
    const replicas = [await startServer(config, pool, counter), await startServer(config, pool, counter)];
    const client = createClient(config);
    await client.connect();
    let answered = 0;
    await Promise.all(
      Array.from({ length: requests }, () =>
        firstValueFrom(client.send(base.patterns.count, {}).pipe(timeout(REQUEST_TIMEOUT_MS))).then(() => answered++),
      ),
    );
    // Let duplicate runs still in flight finish before counting.
    await new Promise((r) => setTimeout(r, 500));
    await client.close();
    await Promise.all(replicas.map((r) => r.close()));
    return { requests, handlerRuns: counter.runs, answered };
  };
  return { bus: await check('bus'), builtin: await check('builtin') };
}

function readCliOptions(): BusBenchmarkOptions {
  const options: Record<string, number> = {};
  for (const arg of process.argv) {
    const match = /^--(requests|concurrency|warmup|rounds)=(\d+)$/.exec(arg);
    if (match) options[match[1]] = Number(match[2]);
  }
  return options;
}

export async function runBusBenchmark(opts: BusBenchmarkOptions = {}): Promise<BusBenchmarkResult> {
  const o = { ...readCliOptions(), ...opts };
  const config = {
    requests: o.requests ?? 20_000,
    concurrency: o.concurrency ?? 64,
    warmup: o.warmup ?? 2_000,
    rounds: o.rounds ?? 5,
    replicaRequests: o.replicaRequests ?? 100,
  };
  const redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const databaseUrl = o.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const runId = randomBytes(4).toString('hex');
  const schema = `bench_bus_${runId}`;
  const base = {
    patterns: { empty: `bench.${runId}.empty`, pkRead: `bench.${runId}.pk_read`, count: `bench.${runId}.count` },
    redisUrl,
    keyPrefix: `${process.env.REDIS_KEY_PREFIX ?? 'bench:'}${runId}:`,
    databaseUrl,
    table: `${schema}.item`,
  };

  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query(`CREATE TABLE ${base.table} (id int PRIMARY KEY, nombre text NOT NULL)`);
  await pool.query(`INSERT INTO ${base.table} SELECT g, 'area ' || g FROM generate_series(1, ${TABLE_ROWS}) g`);
  const children: ChildProcess[] = [];
  const redis = new Redis(redisUrl);
  const clients: ClientProxy[] = [];
  try {
    const transports: TransportName[] = ['bus', 'builtin'];
    const clientOf = {} as Record<TransportName, ClientProxy>;
    const serverOf = {} as Record<TransportName, ChildProcess>;
    for (const transport of transports) {
      serverOf[transport] = await spawnServer({ ...base, transport });
      children.push(serverOf[transport]);
      clientOf[transport] = createClient({ ...base, transport });
      clients.push(clientOf[transport]);
      await clientOf[transport].connect();
    }
    const measurements: Measurement[] = [];
    for (const handler of ['empty', 'pkRead'] as HandlerName[]) {
      const pattern = base.patterns[handler];
      const samples = { bus: [] as Array<Awaited<ReturnType<typeof load>>>, builtin: [] as Array<Awaited<ReturnType<typeof load>>> };
      for (const transport of transports) await load(clientOf[transport], pattern, config.warmup, config.concurrency, serverOf[transport], redis);
      for (let r = 0; r < config.rounds; r++) {
        // Alternate which transport goes first, so drift (caches, CPU frequency) hurts both alike.
        for (const transport of r % 2 ? [...transports].reverse() : transports) {
          samples[transport].push(await load(clientOf[transport], pattern, config.requests, config.concurrency, serverOf[transport], redis));
        }
      }
      for (const transport of transports) {
        const s = samples[transport];
        measurements.push({
          transport,
          handler,
          requestsPerSecond: Math.round(median(s.map((x) => x.rps))),
          p50Ms: round(median(s.map((x) => x.p50)), 2),
          p99Ms: round(median(s.map((x) => x.p99)), 2),
          errors: s.reduce((sum, x) => sum + x.errors, 0),
          rounds: s.map((x) => Math.round(x.rps)),
          cpuMicrosPerRequest: {
            client: Math.round(median(s.map((x) => x.cpu.client))),
            server: Math.round(median(s.map((x) => x.cpu.server))),
            redis: Math.round(median(s.map((x) => x.cpu.redis))),
          },
          redisIoPerRequest: round(median(s.map((x) => x.redisIo)), 2),
        });
      }
    }
    // The measured replicas also serve the check's pattern: stop them so only the check's two count.
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(children.splice(0).map(stopServer));
    const rps = (t: TransportName, h: HandlerName) => measurements.find((m) => m.transport === t && m.handler === h)?.requestsPerSecond ?? 0;
    const throughputRatio = {
      empty: round(rps('bus', 'empty') / rps('builtin', 'empty'), 3),
      pkRead: round(rps('bus', 'pkRead') / rps('builtin', 'pkRead'), 3),
    };
    const result: BusBenchmarkResult = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      config,
      measurements,
      throughputRatio,
      meetsTarget: throughputRatio.empty >= TARGET_RATIO && throughputRatio.pkRead >= TARGET_RATIO,
      replicaCheck: await replicaCheck(base, pool, config.replicaRequests),
    };
    writeResults(result, o.outDir ?? resolve(__dirname, '../../../bench/results'));
    return result;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(children.map(stopServer));
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
    // The run's streams (about a minute of requests each) would otherwise stay in Redis.
    for await (const keys of redis.scanStream({ match: `${base.keyPrefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
    redis.disconnect();
  }
}

function toMarkdown(r: BusBenchmarkResult): string {
  const label: Record<TransportName, string> = { bus: 'Redis Streams bus (ours)', builtin: 'NestJS Transport.REDIS' };
  const lines = [
    `# Bus benchmark, ${r.date}`,
    '',
    `${r.config.requests} requests at concurrency ${r.config.concurrency} after ${r.config.warmup} warm-up requests, ` +
      `median of ${r.config.rounds} alternating rounds; one server replica per transport in its own process; ` +
      `${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}.`,
    '',
    '| handler | transport | requests/s | p50 ms | p99 ms | errors | rounds (req/s) | CPU µs/req client · server · Redis | Redis socket I/O per req |',
    '|---|---|---:|---:|---:|---:|---|---|---:|',
    ...r.measurements.map((m) => {
      const cpu = m.cpuMicrosPerRequest;
      return (
        `| ${m.handler} | ${label[m.transport]} | ${m.requestsPerSecond} | ${m.p50Ms} | ${m.p99Ms} | ${m.errors} | ` +
        `${m.rounds.join(', ')} | ${cpu.client} · ${cpu.server} · ${cpu.redis} | ${m.redisIoPerRequest} |`
      );
    }),
    '',
    `Throughput ratio (ours / built-in): empty ${r.throughputRatio.empty}, pkRead ${r.throughputRatio.pkRead} ` +
      `(target ≥ ${TARGET_RATIO}: ${r.meetsTarget ? 'met' : 'NOT met'}).`,
    '',
    '## Replica check (2 replicas of the service)',
    '',
    '| transport | requests sent | answered | handler runs |',
    '|---|---:|---:|---:|',
    ...(['bus', 'builtin'] as TransportName[]).map((t) => {
      const c = r.replicaCheck[t];
      return `| ${label[t]} | ${c.requests} | ${c.answered} | ${c.handlerRuns} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

function writeResults(result: BusBenchmarkResult, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const stamp = result.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const md = toMarkdown(result);
  for (const name of [`bus-${stamp}`, 'bus-latest']) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.md`), md);
  }
}

if (require.main === module) {
  if (process.env.BUS_BENCH_SERVER) {
    serveInChild().catch((err) => {
      console.error(err);
      process.exit(1);
    });
  } else {
    runBusBenchmark().then(
      (result) => {
        console.log(toMarkdown(result));
        process.exit(0);
      },
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  }
}
