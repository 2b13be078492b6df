import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';

const MINUTO_MS = 60_000;

/**
 * Per-integration inbound limit: a fixed one-minute window counted in Redis (shared by every
 * replica). A protection, not a dependency: if Redis fails the request passes uncounted.
 */
@Injectable()
export class LimiteEntrante implements OnApplicationShutdown {
  private readonly redis: Redis;
  private avisado = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.redis = new Redis(config.CACHE_REDIS_URL ?? config.REDIS_URL, {
      connectionName: 'integraciones-limite',
      keyPrefix: `${config.REDIS_KEY_PREFIX}integraciones:limite:`,
      enableOfflineQueue: false,
      commandTimeout: config.CACHE_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      retryStrategy: (veces) => Math.min(2_000, 50 * 2 ** Math.min(veces, 6)),
    });
    this.redis.on('error', () => undefined);
  }

  /** Counts one request; answers the seconds to wait when the limit is exceeded, else 0. */
  async contar(integracionId: string, limitePorMinuto: number): Promise<number> {
    const ventana = Math.floor(Date.now() / MINUTO_MS);
    try {
      const [[, n]] = (await this.redis
        .multi()
        .incr(`${integracionId}:${ventana}`)
        .pexpire(`${integracionId}:${ventana}`, MINUTO_MS + 1000)
        .exec()) as [[Error | null, number]];
      return n > limitePorMinuto ? Math.ceil(((ventana + 1) * MINUTO_MS - Date.now()) / 1000) : 0;
    } catch (err) {
      if (Date.now() - this.avisado > MINUTO_MS) {
        this.avisado = Date.now();
        this.logger.warn({ err: (err as Error).message }, 'inbound limit storage unavailable, requests pass unlimited');
      }
      return 0;
    }
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}
