import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppCounters, ZERO_COUNTERS, addCounters, countersOf, parseMetrics, sumOf } from './prometheus-text';

/** The suite's six apps, on ports apart from `npm start`'s so a running demo is left alone. */
const BENCH_APPS = [
  { name: 'gateway', port: 3200 },
  { name: 'documentos-service', port: 3201 },
  { name: 'derivaciones-service', port: 3202 },
  { name: 'integraciones-service', port: 3203 },
  { name: 'reportes-worker', port: 3204 },
  { name: 'perf-monitor', port: 3205 },
] as const;

export type AppName = (typeof BENCH_APPS)[number]['name'];

export interface SuiteConfig {
  databaseUrl: string;
  redisUrl: string;
  /** Keys of this run and dataset, so caches of another dataset or run are never read. */
  redisKeyPrefix: string;
  cacheEnabled: boolean;
  repoRoot: string;
  logDir: string;
}

const READY_TIMEOUT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** The six apps running from their bundles (dist/apps/<app>/main.js) with one configuration. */
export class RunningSuite {
  private constructor(
    private readonly children: Map<AppName, ChildProcess>,
    readonly config: SuiteConfig,
  ) {}

  readonly gatewayUrl = `http://127.0.0.1:${BENCH_APPS[0].port}`;

  static async start(config: SuiteConfig): Promise<RunningSuite> {
    mkdirSync(config.logDir, { recursive: true });
    const monitored = BENCH_APPS.map((a) => `${a.name}=http://127.0.0.1:${a.port}`).join(',');
    const children = new Map<AppName, ChildProcess>();
    for (const app of BENCH_APPS) {
      const main = join(config.repoRoot, 'dist', 'apps', app.name, 'main.js');
      if (!existsSync(main)) throw new Error(`${main} is missing: build the apps first (npm run bench builds them)`);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(app.port),
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        REDIS_KEY_PREFIX: config.redisKeyPrefix,
        CACHE_ENABLED: String(config.cacheEnabled),
        // Request logs at 1,000 requests/s would measure the log writer; warnings still show.
        LOG_LEVEL: 'warn',
        // The benchmark is one client; the limits protect from many.
        RATE_LIMIT_PER_MINUTE: '100000000',
        PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
        STORAGE_DIR: join(config.repoRoot, 'tmp', 'bench-storage'),
        MONITORED_APPS: monitored,
        PERF_MONITOR_URL: `http://127.0.0.1:${BENCH_APPS[5].port}`,
      };
      delete env.PROMETHEUS_URL;
      const log = createWriteStream(join(config.logDir, `${app.name}.log`), { flags: 'a' });
      const child = spawn(process.execPath, [main], { cwd: config.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      children.set(app.name, child);
    }
    const suite = new RunningSuite(children, config);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const waiting = new Set<(typeof BENCH_APPS)[number]>(BENCH_APPS);
    while (waiting.size && Date.now() < deadline) {
      for (const app of [...waiting]) {
        const child = children.get(app.name);
        if (!child || child.exitCode !== null) {
          await suite.stop();
          throw new Error(
            `${app.name} exited (code ${child?.exitCode}) before it was ready; see ${join(config.logDir, `${app.name}.log`)}`,
          );
        }
        if (await ready(app.port)) waiting.delete(app);
      }
      if (waiting.size) await sleep(500);
    }
    if (waiting.size) {
      await suite.stop();
      throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${[...waiting].map((a) => a.name).join(', ')}`);
    }
    return suite;
  }

  /** SIGTERM to every app at once, SIGKILL after 15 s. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  /** Cache and database counters summed over every app. */
  async counters(): Promise<AppCounters> {
    const texts = await Promise.all(BENCH_APPS.map((a) => scrape(a.port)));
    return texts.reduce<AppCounters>(
      (sum, text) => (text ? addCounters(sum, countersOf(parseMetrics(text))) : sum),
      ZERO_COUNTERS,
    );
  }

  /**
   * Waits until the requests in progress in the apps have drained (none left, or their number
   * has stopped falling for a second: a request the client abandoned never ends in the gauge),
   * at most `maxMs`, so one scenario's backlog is not charged to the next.
   */
  async settle(maxMs = 15_000): Promise<void> {
    const deadline = Date.now() + maxMs;
    let last = Number.POSITIVE_INFINITY;
    let flat = 0;
    while (Date.now() < deadline) {
      const texts = await Promise.all(BENCH_APPS.map((a) => scrape(a.port)));
      // The scrape of /metrics is itself one active request of each app that answered.
      const busy = texts.reduce(
        (sum, t) => sum + (t ? Math.max(0, sumOf(parseMetrics(t), 'http_server_active_requests') - 1) : 0),
        0,
      );
      if (busy === 0) return;
      flat = busy >= last ? flat + 1 : 0;
      if (flat >= 4) return;
      last = busy;
      await sleep(250);
    }
  }

  /** Each app's resident memory now, in MB (from its process_resident_memory_bytes). */
  async rssMb(): Promise<Partial<Record<AppName, number>>> {
    const out: Partial<Record<AppName, number>> = {};
    await Promise.all(
      BENCH_APPS.map(async (a) => {
        const text = await scrape(a.port);
        if (text) out[a.name] = Math.round(sumOf(parseMetrics(text), 'process_resident_memory_bytes') / 1_048_576);
      }),
    );
    return out;
  }
}

async function scrape(port: number): Promise<string | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}

/** Samples every app's RSS every `intervalMs` and keeps each one's peak. */
export class RssSampler {
  readonly peaks: Partial<Record<AppName, number>> = {};
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly suite: RunningSuite,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    return this;
  }

  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = await this.suite.rssMb();
      for (const [app, mb] of Object.entries(now) as [AppName, number][])
        this.peaks[app] = Math.max(this.peaks[app] ?? 0, mb);
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<Partial<Record<AppName, number>>> {
    clearInterval(this.timer);
    await this.sample();
    return this.peaks;
  }
}
