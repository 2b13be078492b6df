import { DynamicModule, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import type { AppConfig } from '@mesa/shared/config';
import { ContadorPorLotes } from './contador-por-lotes';

const MINUTO_MS = 60_000;
const LIMITE_PUBLICO = 'mesa:limite-publico';
/** Probes and scrapes are never limited: a 429 there would restart or blind a healthy pod. */
const SIN_LIMITE = /^\/(health|metrics)(\/|$|\?)/;

/** Marks a route for the strict public limit (PUBLIC_RATE_LIMIT_PER_MINUTE per client). */
export const LimitePublico = () => SetMetadata(LIMITE_PUBLICO, true);

/** Whether a handler is marked @LimitePublico() (also read by the OpenAPI document). */
export const tieneLimitePublico = (handler: object) => Reflect.getMetadata(LIMITE_PUBLICO, handler) === true;
const esPublica = (ctx: ExecutionContext) => tieneLimitePublico(ctx.getHandler());
const sinLimite = (ctx: ExecutionContext) => SIN_LIMITE.test(ctx.switchToHttp().getRequest<{ url: string }>().url ?? '');

/**
 * The 429 carries the seconds until the client's block ends, for the problem filter's Retry-After.
 * The throttler sets X-RateLimit-* only on requests it lets through; a 429 of the first counter
 * gets them here too, from the count it already has (a 429 of the public counter already carries
 * the first counter's).
 */
@Injectable()
export class LimiteGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<{ getHeader(name: string): unknown; header(name: string, value: number): void }>();
    if (res.getHeader(`${this.headerPrefix}-Limit`) === undefined) {
      res.header(`${this.headerPrefix}-Limit`, detail.limit);
      res.header(`${this.headerPrefix}-Remaining`, 0);
      res.header(`${this.headerPrefix}-Reset`, detail.timeToExpire);
    }
    const e = new ThrottlerException(await this.getErrorMessage(context, detail));
    throw Object.assign(e, { retryAfterSeconds: detail.timeToBlockExpire });
  }
}

/** Fails fast while Redis is away (no offline queue, short timeout): the storage then lets requests through. */
export function conexionLimites(config: Pick<AppConfig, 'CACHE_REDIS_URL' | 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'CACHE_COMMAND_TIMEOUT_MS'>): Redis {
  const redis = new Redis(config.CACHE_REDIS_URL ?? config.REDIS_URL, {
    connectionName: 'gateway-rate-limit',
    keyPrefix: `${config.REDIS_KEY_PREFIX}ratelimit:`,
    enableOfflineQueue: false,
    commandTimeout: config.CACHE_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (veces) => Math.min(2_000, 50 * 2 ** Math.min(veces, 6)),
  });
  // Errors reach callers as rejected commands (and the storage lets requests through).
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Per client address and route, per minute: RATE_LIMIT_PER_MINUTE everywhere, and
 * PUBLIC_RATE_LIMIT_PER_MINUTE on top for routes marked @LimitePublico() (no login, guessable
 * input). Counters live under REDIS_KEY_PREFIX in the cache Redis, counted locally and reported
 * in batches below half a limit (ContadorPorLotes): losing them only resets limits.
 */
export function limitesModule(config: AppConfig): DynamicModule {
  const redis = conexionLimites(config);
  return ThrottlerModule.forRoot({
    throttlers: [
      { name: 'default', ttl: MINUTO_MS, limit: config.RATE_LIMIT_PER_MINUTE, skipIf: sinLimite },
      { name: 'publico', ttl: MINUTO_MS, limit: config.PUBLIC_RATE_LIMIT_PER_MINUTE, skipIf: (ctx) => !esPublica(ctx) },
    ],
    storage: new ContadorPorLotes(redis, new Set(['publico'])),
  });
}
