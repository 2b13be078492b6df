import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { ManagedProcess, startProcess, waitUntil } from './processes';

/** A redis-server of this test's own, which it may stop, kill and restart. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** With `tls`: the TLS port (the plain one stays open for the test's own probes). */
  readonly tlsUrl?: string;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
  /** SIGSTOP: its connections stay open but nothing answers, until resume(). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** The redis-server process running now (each restart starts another). */
  current(): ManagedProcess;
  /**
   * Stops it (SIGTERM) if it runs, waits `downMs`, then starts it again on the same port: empty,
   * or with what its AOF kept when started with `appendOnly`.
   */
  restart(options?: { downMs?: number }): Promise<void>;
}

/** A user and password to AUTH as before a command: a server whose `default` user is off. */
export interface RedisCredentials {
  user: string;
  password: string;
}

/**
 * Sends one inline command to 127.0.0.1:port (after `AUTH` when credentials are given) and gives
 * the first complete reply to it (null if none).
 */
function ask(port: number, command: string, timeoutMs = 1000, auth?: RedisCredentials): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (value: string | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.once('connect', () => socket.write(`${auth ? `AUTH ${auth.user} ${auth.password}\r\n` : ''}${command}\r\n`));
    let authOk = !auth;
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (!authOk) {
        const end = reply.indexOf('\r\n');
        if (end < 0) return;
        if (reply.slice(0, end) !== '+OK') return done(null);
        authOk = true;
        reply = reply.slice(end + 2);
      }
      const header = reply.indexOf('\r\n');
      if (header < 0) return;
      if (!reply.startsWith('$')) return done(reply.slice(0, header));
      const length = Number(reply.slice(1, header));
      if (Buffer.byteLength(reply) >= header + 2 + length) done(reply.slice(header + 2, header + 2 + length));
    });
  });
}

/** True when a Redis on 127.0.0.1:port answers PING (inline command: no client needed). */
export async function pingRedis(port: number): Promise<boolean> {
  return (await ask(port, 'PING')) === '+PONG';
}

/** The pid of the Redis answering on the port: tells our server from one that held the port first. */
async function serverPid(port: number, auth?: RedisCredentials): Promise<number | null> {
  const match = /process_id:(\d+)/.exec((await ask(port, 'INFO server', 1000, auth)) ?? '');
  return match ? Number(match[1]) : null;
}

/** What docker-compose.yml and k8s/README.md configure for the Redis of the bus and the queues. */
const APPEND_ONLY = ['--appendonly', 'yes', '--appendfsync', 'everysec'];

/** PEM files of a TLS listener: the server's certificate and key, and the CA that signed it. */
export interface RedisTlsFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
}

interface LaunchOptions {
  dir?: string;
  aclFile?: string;
  auth?: RedisCredentials;
  tls?: RedisTlsFiles & { port: number };
}

async function launch(port: number, { dir, aclFile, auth, tls }: LaunchOptions): Promise<ManagedProcess> {
  const server = startProcess('redis-server', [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--save', '',
    ...(dir ? [...APPEND_ONLY, '--dir', dir] : ['--appendonly', 'no', '--dir', tmpdir()]),
    ...(aclFile ? ['--aclfile', aclFile] : []),
    ...(tls
      ? ['--tls-port', String(tls.port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no']
      : []),
  ]);
  const up = await waitUntil(async () => (await serverPid(port, auth)) === server.pid, { timeoutMs: 10_000, gaveUp: () => !server.isRunning() });
  if (!up) {
    await server.kill();
    throw new Error(`redis-server on port ${port} did not start; its output:\n${server.output()}`);
  }
  return server;
}

/**
 * Starts `redis-server` from the PATH on `port` or a free one: without persistence, or with
 * `appendOnly` an AOF as production's (everysec) in a directory of its own, removed by stop().
 * With `aclFile` it loads those users; `auth` is then a user that may run INFO, to see it is up.
 * With `tls` it also listens for TLS on a second free port (`tlsUrl`, `rediss://`).
 */
export async function startRedisServer({
  port,
  appendOnly = false,
  aclFile,
  auth,
  tls,
}: { port?: number; appendOnly?: boolean; aclFile?: string; auth?: RedisCredentials; tls?: RedisTlsFiles } = {}): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  const dir = appendOnly ? mkdtempSync(join(tmpdir(), 'redis-aof-')) : undefined;
  const tlsPort = tls ? await freePort() : undefined;
  const options: LaunchOptions = { dir, aclFile, auth, tls: tls && { ...tls, port: tlsPort as number } };
  let server = await launch(chosen, options);
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    tlsUrl: tlsPort ? `rediss://127.0.0.1:${tlsPort}` : undefined,
    stop: async () => {
      await server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    kill: async () => {
      await server.kill();
    },
    pause: () => server.child.kill('SIGSTOP'),
    resume: () => server.child.kill('SIGCONT'),
    current: () => server,
    restart: async ({ downMs = 0 } = {}) => {
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await launch(chosen, options);
    },
  };
}
