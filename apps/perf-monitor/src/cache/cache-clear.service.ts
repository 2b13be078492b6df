import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '@mesa/shared/app';
import { CacheService } from '@mesa/shared/cache';
import { Actor } from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';
import { RequestContext } from '@mesa/shared/logging';
import { RedisRoles } from '../monitor/monitor.module';

/** Capped audit trail of cache clears on the bus Redis (who, when, which namespaces). */
const AUDIT_STREAM = 'perf:auditoria';
const AUDIT_MAXLEN = 10_000;
const SCAN_COUNT = 200;

/**
 * POST /cache/clear: bumps the version of one namespace or of every namespace in use (versioned
 * namespaces, libs/shared/src/cache), so every replica's next read of it is a miss. Old entries
 * expire by their TTL. Each clear is audited: a log line and an entry of the audit stream.
 */
@Injectable()
export class CacheClearService {
  constructor(
    private readonly cache: CacheService,
    private readonly redis: RedisRoles,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async clear(actor: Actor, namespace: string | undefined) {
    const known = await this.namespaces();
    if (namespace !== undefined && !known.includes(namespace)) {
      throw new DomainException(
        'CACHE_NAMESPACE_NOT_FOUND',
        404,
        `No hay caché en uso con el espacio de nombres ${namespace}`,
      );
    }
    const cleared = namespace !== undefined ? [namespace] : known;
    if (cleared.length) await this.cache.invalidate(...cleared);
    const at = new Date().toISOString();
    const requestId = RequestContext.get()?.requestId ?? null;
    this.logger.info(
      { audit: 'cache.clear', userId: actor.userId, rol: actor.rol, namespaces: cleared, requestId },
      'cache cleared',
    );
    await this.redis
      .client('bus')
      .xadd(
        `${this.redis.keyPrefix}${AUDIT_STREAM}`,
        'MAXLEN',
        '~',
        String(AUDIT_MAXLEN),
        '*',
        'accion',
        'cache.clear',
        'usuarioId',
        actor.userId,
        'rol',
        actor.rol,
        'namespaces',
        cleared.join(','),
        'requestId',
        requestId ?? '',
        'at',
        at,
      )
      .catch((err: Error) => this.logger.error({ err: err.message }, 'cache clear audit entry not written'));
    return { cleared, scope: namespace === undefined ? 'all' : 'namespace', at };
  }

  /** Namespaces with a version key: an admin action, so a SCAN (never KEYS) of the version keys is acceptable here. */
  async namespaces(): Promise<string[]> {
    const client = this.redis.client('cache');
    const prefix = `${this.redis.keyPrefix}cache:ver:`;
    const found = new Set<string>();
    let cursor = '0';
    try {
      do {
        const [next, keys] = await client.scan(
          cursor,
          'MATCH',
          `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
          'COUNT',
          SCAN_COUNT,
        );
        for (const key of keys) found.add(key.slice(prefix.length));
        cursor = next;
      } while (cursor !== '0');
    } catch (err) {
      throw new DomainException('CACHE_UNAVAILABLE', 503, `La Redis de caché no responde: ${(err as Error).message}`);
    }
    return [...found].sort();
  }
}
