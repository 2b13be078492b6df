import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const OUTPUT_LIMIT = 64 * 1024;

interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose output is kept (its last 64 KiB) for failure messages. */
export interface ManagedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<ExitStatus>;
  isRunning(): boolean;
  output(): string;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<ExitStatus>;
  /** SIGKILL: a crash, with no chance to clean up. */
  kill(): Promise<ExitStatus>;
}

const live = new Set<ChildProcess>();
// A test that fails before its afterAll must not leave servers running after the worker exits.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ManagedProcess {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd ?? REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let running = true;
  live.add(child);
  const exited = new Promise<ExitStatus>((resolve) => {
    const done = (status: ExitStatus) => {
      running = false;
      live.delete(child);
      resolve(status);
    };
    child.once('error', (error) => {
      collect(Buffer.from(`${command}: ${error.message}\n`));
      done({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => done({ code, signal }));
  });

  const stop = async (graceMs = 10_000): Promise<ExitStatus> => {
    if (!running) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const kill = async (): Promise<ExitStatus> => {
    if (running) child.kill('SIGKILL');
    return exited;
  };
  return { pid: child.pid ?? -1, child, exited, isRunning: () => running, output: () => output, stop, kill };
}

/** Polls `check` every 100 ms until it is true; false when `timeoutMs` passed or `gaveUp()`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  { timeoutMs, gaveUp }: { timeoutMs: number; gaveUp?: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (gaveUp?.() || Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

export interface NodeServiceProcess extends ManagedProcess {
  readonly url: string;
  readonly port: number;
}

export interface SpawnOptions {
  /** Health endpoint that must answer 200 before the promise resolves (default `ready`). */
  waitFor?: 'ready' | 'live';
  timeoutMs?: number;
}

/**
 * Runs `node <entry>` with PORT set (a free one unless `env.PORT`) and waits until
 * `/health/<waitFor>` answers 200. Rejects with the process's output when it exits or times out.
 */
export async function spawnNodeService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv = {},
  { waitFor = 'ready', timeoutMs = 30_000 }: SpawnOptions = {},
): Promise<NodeServiceProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const managed = startProcess(process.execPath, [entry], {
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', ...env, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  const healthy = await waitUntil(() => answers200(`${url}/health/${waitFor}`), {
    timeoutMs,
    gaveUp: () => !managed.isRunning(),
  });
  if (!healthy) {
    const why = managed.isRunning() ? `did not answer /health/${waitFor} within ${timeoutMs} ms` : 'exited';
    const status = await managed.kill();
    throw new Error(`${name} ${why} (exit ${status.code ?? status.signal}); its output:\n${managed.output()}`);
  }
  return Object.assign(managed, { url, port });
}

/** The built entry of an app: `npm test` builds every app before Jest runs. */
export function appEntry(app: string): string {
  return join(REPO_ROOT, 'dist', 'apps', app, 'main.js');
}

/** Starts `node dist/apps/<app>/main.js` (see spawnNodeService) for an end-to-end test. */
export async function spawnApp(app: string, env: NodeJS.ProcessEnv = {}, options: SpawnOptions = {}) {
  const entry = appEntry(app);
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: build it first (npx nx build ${app}; npm test builds every app)`);
  }
  return spawnNodeService(app, entry, env, options);
}
