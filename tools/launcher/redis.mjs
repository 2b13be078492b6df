import { tmpdir } from 'node:os';
import { freePort, waitFor } from './ports.mjs';
import { LaunchError, spawnChild } from './supervisor.mjs';
import { redact } from './urls.mjs';

const LOCAL_URL = 'redis://127.0.0.1:6379';

/** PING through ioredis (loaded lazily: it exists only once dependencies are installed). */
export async function pingRedis(url) {
  const { default: Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function startRedisServer() {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()];
  const server = spawnChild('redis', 'redis-server', args, { quiet: true });
  const url = `redis://127.0.0.1:${port}`;
  const ready = await waitFor(() => pingRedis(url), { timeoutMs: 15_000, gaveUp: () => server.done });
  if (ready) return url;
  if (server.error?.code === 'ENOENT') {
    throw new LaunchError(
      'No Redis answers on 127.0.0.1:6379 and there is no redis-server on the PATH.\n' +
        'Install one (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n' +
        'or point REDIS_URL at a Redis server.',
    );
  }
  throw new LaunchError(`redis-server did not start:\n${server.tail.join('\n')}`);
}

/**
 * The Redis to use: REDIS_URL when set, else the machine's when it answers PING
 * (MESA_REDIS_PROBE_URL, default 127.0.0.1:6379), else a redis-server from the PATH on a free
 * port, without persistence, stopped on exit.
 */
export async function findRedis() {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) {
    if (!(await pingRedis(fromEnv))) throw new LaunchError(`Redis at REDIS_URL (${redact(fromEnv)}) does not answer PING.`);
    return { kind: 'REDIS_URL', url: fromEnv };
  }
  const probe = process.env.MESA_REDIS_PROBE_URL ?? LOCAL_URL;
  if (await pingRedis(probe)) return { kind: 'local', url: probe };
  return { kind: 'started here', url: await startRedisServer() };
}

/**
 * Removes every key under `prefix` (SCAN and UNLINK in batches): a test run's keys, so runs on a
 * long-lived Redis do not pile up streams, caches and queues.
 */
export async function removeRedisKeys(url, prefix) {
  const { default: Redis } = await import('ioredis');
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  client.on('error', () => undefined);
  let removed = 0;
  try {
    const stream = client.scanStream({ match: `${prefix}*`, count: 1000 });
    for await (const keys of stream) {
      if (keys.length) removed += await client.unlink(...keys);
    }
  } finally {
    client.disconnect();
  }
  return removed;
}
