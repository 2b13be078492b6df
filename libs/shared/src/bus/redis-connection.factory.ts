import { Logger } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';

/**
 * How a connection is used decides how it behaves while Redis is away:
 * - `blocking`: a dedicated connection for one XREAD/XREADGROUP loop. Commands wait for the
 *   reconnection (no retry limit); a read in flight when the link drops is resent after it (a
 *   restarted Redis that lost the consumer groups answers NOGROUP, and the loop recreates them).
 * - `commands`: a server's replies and acks; short blips are absorbed by the offline queue.
 * - `fail-fast`: callers that must not wait on a dead link (client requests, outbox relay,
 *   broadcast publishing): commands fail at once while disconnected.
 * - `subscriber`: pub/sub; ioredis re-subscribes after reconnecting.
 */
export type ConnectionRole = 'blocking' | 'commands' | 'fail-fast' | 'subscriber';

const logger = new Logger('BusRedis');

/** Reconnects forever: exponential backoff from 50 ms, capped at 2 s, with jitter. */
function reconnectDelay(times: number): number {
  const base = Math.min(2_000, 50 * 2 ** Math.min(times, 6));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

const ROLE_OPTIONS: Record<ConnectionRole, RedisOptions> = {
  blocking: { maxRetriesPerRequest: null, enableAutoPipelining: false },
  commands: { maxRetriesPerRequest: 3, enableAutoPipelining: true },
  'fail-fast': { enableOfflineQueue: false, enableAutoPipelining: true },
  subscriber: { maxRetriesPerRequest: null },
};

export function createRedisConnection(url: string, name: string, role: ConnectionRole): Redis {
  const redis = new Redis(url, {
    ...ROLE_OPTIONS[role],
    connectionName: name,
    retryStrategy: reconnectDelay,
    keepAlive: 10_000,
  });
  // One line when the link drops and one when it is back, not one per reconnection attempt.
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(`${name}: Redis unavailable (${err.message}); reconnecting`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log(`${name}: Redis connection restored`);
  });
  return redis;
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    redis.once('ready', onReady);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isNoGroupError(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOGROUP');
}
