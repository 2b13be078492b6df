import { createConnection, createServer } from 'node:net';

/** True when something accepts TCP connections on host:port. */
export function canConnect(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Listens on `port` (0 = any) for a moment; gives the port, or null when it is taken. */
function tryListen(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
}

export async function freePort() {
  return tryListen(0);
}

/** `preferred` when nothing uses it, else any free port. */
export async function portOr(preferred) {
  return (await tryListen(preferred)) ?? (await tryListen(0));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then returns false). */
export async function waitFor(check, { timeoutMs = 30_000, intervalMs = 100, gaveUp } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (gaveUp?.() || Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

/** True when a GET of `url` answers 2xx. */
export async function httpOk(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
