import KeyvRedis, { Keyv, createClient } from '@keyv/redis';
import type { CacheSettings } from './cache.options';
import {
  deserializeCacheValue,
  serializeCacheValue,
} from './cache-value.serializer';

/** A dead or unreachable host must not hold the first requests for the client's default 5 s. */
const CONNECT_TIMEOUT_MS = 1000;
/** Reconnect forever (so the cache comes back by itself) but never wait more than this between tries. */
const MAX_RECONNECT_DELAY_MS = 1000;

export type CacheRedisClient = ReturnType<typeof createCacheRedisClient>;

/**
 * node-redis client for the cache. With no offline queue a command sent while the client is
 * disconnected fails at once instead of waiting for a reconnect. The command timeout is not set
 * here: node-redis's own `timeout` stops counting once the command is written to the socket, so it
 * cannot catch a Redis that accepted the command and never answers; CacheService bounds each call.
 */
function createCacheRedisClient(settings: CacheSettings) {
  return createClient({
    url: settings.redisUrl,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) =>
        Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) +
        Math.floor(Math.random() * 50),
    },
  });
}

/** The Keyv Redis adapter over our own client, which the cache service also uses for versions and stats. */
export class CacheRedisStore extends KeyvRedis<string> {
  constructor(readonly redis: CacheRedisClient) {
    super(redis, { throwOnErrors: true, throwOnConnectError: true });
  }

  /** Cached values are disposable: shutting down must not wait for a Redis that stopped answering. */
  override async disconnect(): Promise<void> {
    if (this.redis.isOpen) this.redis.destroy();
  }
}

/** The Keyv instance handed to cache-manager: raw keys (we build them) and errors thrown, not swallowed. */
export function createCacheKeyv(settings: CacheSettings): Keyv {
  const keyv = new Keyv(new CacheRedisStore(createCacheRedisClient(settings)), {
    useKeyPrefix: false,
    throwOnErrors: true,
    serialize: serializeCacheValue,
    deserialize: deserializeCacheValue,
  });
  keyv.namespace = undefined;
  return keyv;
}
