import type { ConnectionOptions, DefaultJobOptions } from 'bullmq';
import type { AppConfig } from '../config';

type QueueConfig = Pick<AppConfig, 'REDIS_URL' | 'QUEUE_REDIS_URL' | 'REDIS_KEY_PREFIX'>;

/** The queues' Redis role: QUEUE_REDIS_URL (a `noeviction` Redis in production), else the bus Redis. */
export function queueRedisUrl(config: QueueConfig): string {
  return config.QUEUE_REDIS_URL ?? config.REDIS_URL;
}

/**
 * BullMQ's connection: workers block on Redis, so ioredis must retry commands forever
 * (`maxRetriesPerRequest: null`) and reconnect with a capped backoff after a Redis restart.
 */
export function queueConnection(config: QueueConfig): ConnectionOptions {
  const url = new URL(queueRedisUrl(config));
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 5000),
  };
}

/** Keys of every queue live under the suite's prefix, so test runs and environments never mix. */
export function queuePrefix(config: Pick<AppConfig, 'REDIS_KEY_PREFIX'>): string {
  return `${config.REDIS_KEY_PREFIX}bull`;
}

/**
 * What every job gets unless its producer says otherwise: 3 attempts, exponential backoff with
 * jitter (so retries of a burst of failures do not arrive together), and bounded history.
 */
export const JOB_DEFAULTS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
};
