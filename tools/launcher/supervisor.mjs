// Child processes of the launcher and the order they stop in. Every child gets its own process
// group (detached), so a Ctrl-C on the terminal reaches the launcher alone and the launcher stops
// things in reverse order of start: apps drain before the databases they use go away.
// Two kinds of child: a one-shot one (runChild: a build, Jest) whose exit ends what it was run
// for, and a supervised app (superviseChild) that is started again whenever it exits.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const COLORS = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const TAIL_LINES = 80;
// npm forwards the terminal's SIGINT to its script, so one Ctrl-C arrives twice in a row.
const DUPLICATE_SIGNAL_MS = 2000;

const cleanups = [];
const running = new Set();
const colors = new Map();
let shutdownStarted = 0;

/** True when `command` is an executable file in one of the PATH's directories. */
export function isOnPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Registers work to undo on exit; the last registered runs first. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function pipeLines(stream, write, tail) {
  createInterface({ input: stream }).on('line', (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    write(line);
  });
}

/**
 * Starts a child. With `prefix` its output is shown line by line as `[name] ...` (`quiet` only
 * keeps its last lines for error messages); without it the child writes to the terminal directly.
 * On exit it is stopped with `stopSignal`, and killed if still there after `graceMs` (unless
 * `autoStop` is false: the caller stops it, e.g. several at once).
 */
export function spawnChild(
  name,
  command,
  args,
  { env = process.env, cwd, prefix = true, quiet = false, uid, gid, stopSignal = 'SIGTERM', graceMs = 10_000, autoStop = true } = {},
) {
  const child = spawn(command, args, {
    env,
    cwd,
    uid,
    gid,
    detached: true,
    stdio: prefix ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  const tail = [];
  // By name, so that an app keeps its colour when it is restarted.
  if (!colors.has(name)) colors.set(name, COLORS[colors.size % COLORS.length]);
  const color = colors.get(name);
  const label = useColor ? `\x1b[${color}m[${name}]\x1b[0m` : `[${name}]`;
  if (prefix) {
    const write = quiet ? () => undefined : (line) => process.stdout.write(`${label} ${line}\n`);
    pipeLines(child.stdout, write, tail);
    pipeLines(child.stderr, write, tail);
  }
  const handle = { name, child, tail, pid: child.pid, done: false, exitCode: null, exitSignal: null, error: null };
  handle.exited = new Promise((resolve) => {
    child.once('error', (error) => {
      handle.error = error;
      handle.done = true;
      running.delete(handle);
      resolve(handle);
    });
    child.once('close', (code, signal) => {
      handle.exitCode = code;
      handle.exitSignal = signal;
      handle.done = true;
      running.delete(handle);
      resolve(handle);
    });
  });
  if (child.pid) running.add(handle);
  if (autoStop) onCleanup(() => stopChild(handle, { signal: stopSignal, graceMs }));
  return handle;
}

/** SIGTERM (or `signal`), then SIGKILL once `graceMs` has passed. */
export async function stopChild(handle, { signal = 'SIGTERM', graceMs = 10_000 } = {}) {
  if (handle.done) return handle;
  signalGroup(handle.child, signal);
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  if ((await Promise.race([handle.exited, late])) === 'late') {
    process.stderr.write(`${handle.name} did not stop within ${graceMs / 1000} s; killing it\n`);
    signalGroup(handle.child, 'SIGKILL');
  }
  clearTimeout(timer);
  return handle.exited;
}

/** Runs a child to completion and gives its exit code (128 + n when a signal ended it). */
export async function runChild(name, command, args, options = {}) {
  const handle = await spawnChild(name, command, args, options).exited;
  if (handle.error) throw new Error(`${name}: could not run ${command}: ${handle.error.message}`);
  if (handle.exitSignal) return 128 + (signalNumbers[handle.exitSignal] ?? 0);
  return handle.exitCode ?? 1;
}

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** How superviseChild restarts an app, unless told otherwise. */
export const RESTART_POLICY = {
  firstDelayMs: 500,
  maxDelayMs: 30_000,
  // A run ready this long was healthy: the next crash waits the first delay again.
  healthyMs: 60_000,
  // Exits in a row before the app was ever ready: it fails at boot, restarting will not help.
  bootFailures: 5,
  readyPollMs: 500,
};

const describeExit = (handle) =>
  handle.error ? `could not start (${handle.error.message})` : `exited (${handle.exitSignal ? `signal ${handle.exitSignal}` : `code ${handle.exitCode}`})`;

/**
 * Keeps a long-running app up: starts it, and again whenever it exits, after a delay that doubles
 * from `firstDelayMs` up to `maxDelayMs` (back to the first after a healthy run). `ready()` says
 * when a run has booted. After `bootFailures` exits in a row before that, `gaveUp` resolves with
 * the reason and the app stays down. `stop()` stops it for good.
 */
export function superviseChild(name, command, args, { ready, policy: overrides, stopSignal = 'SIGTERM', graceMs = 10_000, ...options }) {
  const policy = { ...RESTART_POLICY, ...overrides };
  let stopping = false;
  let timer;
  let delay = policy.firstDelayMs;
  let bootFailures = 0;
  let giveUp;
  const app = {
    name,
    handle: null,
    isReady: false,
    restarts: 0,
    gaveUp: new Promise((resolve) => {
      giveUp = resolve;
    }),
    async stop() {
      stopping = true;
      clearTimeout(timer);
      if (app.handle) await stopChild(app.handle, { signal: stopSignal, graceMs });
    },
  };

  const start = () => {
    const handle = spawnChild(name, command, args, { ...options, autoStop: false });
    app.handle = handle;
    let readyAt = 0;
    void (async () => {
      while (!handle.done && !stopping) {
        if (await ready()) {
          if (handle.done) return;
          readyAt = Date.now();
          app.isReady = true;
          return;
        }
        await sleep(policy.readyPollMs);
      }
    })();
    void handle.exited.then(() => {
      app.isReady = false;
      if (stopping) return;
      bootFailures = readyAt ? 0 : bootFailures + 1;
      if (bootFailures >= policy.bootFailures) {
        giveUp(`${name} ${describeExit(handle)}, ${bootFailures} times in a row before it was ready.`);
        return;
      }
      if (readyAt && Date.now() - readyAt >= policy.healthyMs) delay = policy.firstDelayMs;
      app.restarts++;
      process.stderr.write(`${name} ${describeExit(handle)}; restart ${app.restarts} in ${delay / 1000} s\n`);
      timer = setTimeout(start, delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    });
  };
  start();
  return app;
}

/** Undoes everything registered, newest first, then exits. */
export async function shutdown(code) {
  if (shutdownStarted) return;
  shutdownStarted = Date.now();
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${error?.message ?? error}\n`);
    }
  }
  process.exit(code);
}

function onSignal(signal) {
  if (!shutdownStarted) {
    process.stderr.write(`\n${signal}: stopping everything...\n`);
    void shutdown(128 + signalNumbers[signal]);
    return;
  }
  if (Date.now() - shutdownStarted < DUPLICATE_SIGNAL_MS) return;
  process.stderr.write(`${signal} again: killing what is left\n`);
  process.exit(128 + signalNumbers[signal]);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal(signal));

// Last resort when the launcher dies without cleaning up: leave no orphans behind.
process.on('exit', () => {
  for (const handle of running) signalGroup(handle.child, 'SIGKILL');
});

/** A problem the person running the launcher can fix: shown as a message, without a stack. */
export class LaunchError extends Error {}

/** Runs a launcher entry point; on failure prints why and stops everything it started. */
export function main(fn) {
  fn().then(
    (code) => shutdown(code ?? 0),
    (error) => {
      // Once stopping, children exiting is expected: nothing to report.
      if (!shutdownStarted) {
        process.stderr.write(`\n${error instanceof LaunchError ? error.message : (error?.stack ?? error)}\n`);
      }
      void shutdown(1);
    },
  );
}
