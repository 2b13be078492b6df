import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { timedDb } from '@mesa/shared/database';

/** How long a key is remembered. */
export const KEY_TTL_HOURS = 24;
/** A claim with no answer after this long belongs to a gateway that died mid-request: it may be taken over. */
const STALE_CLAIM_SECONDS = 120;
const PURGE_EVERY_MS = 15 * 60_000;

export interface StoredAnswer {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

/** Table `gateway.idempotencia`: one row per (key, user); a row without status_code is in flight. */
@Injectable()
export class IdempotenciaStore implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit() {
    // Expired rows are never answered (claim takes them over); the purge only bounds the table.
    this.timer = setInterval(() => void this.purgeExpired().catch(() => undefined), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }

  /**
   * Claims the key for this request; true means the caller must execute it. The primary key
   * decides among concurrent requests; an expired row or a stale claim is taken over in the
   * same statement.
   */
  async claim(key: string, usuarioId: string, requestHash: string): Promise<boolean> {
    const rows: unknown[] = await timedDb('gateway.idempotency_claim', () =>
      this.db.query(
        `INSERT INTO gateway.idempotencia AS i (key, usuario_id, request_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4))
         ON CONFLICT (key, usuario_id) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL,
               created_at = now(), expires_at = EXCLUDED.expires_at
           WHERE i.expires_at <= now()
              OR (i.status_code IS NULL AND i.created_at < now() - make_interval(secs => $5))
         RETURNING 1`,
        [key, usuarioId, requestHash, KEY_TTL_HOURS, STALE_CLAIM_SECONDS],
      ),
    );
    return rows.length === 1;
  }

  async read(key: string, usuarioId: string): Promise<StoredAnswer | null> {
    const rows: { request_hash: string; status_code: number | null; response: unknown }[] = await timedDb(
      'gateway.idempotency_read',
      () =>
        this.db.query(
          'SELECT request_hash, status_code, response FROM gateway.idempotencia WHERE key = $1 AND usuario_id = $2 AND expires_at > now()',
          [key, usuarioId],
        ),
    );
    const r = rows[0];
    return r ? { requestHash: r.request_hash, statusCode: r.status_code, response: r.response } : null;
  }

  async complete(key: string, usuarioId: string, statusCode: number, response: unknown): Promise<void> {
    await timedDb('gateway.idempotency_complete', () =>
      this.db.query('UPDATE gateway.idempotencia SET status_code = $3, response = $4::jsonb WHERE key = $1 AND usuario_id = $2', [
        key,
        usuarioId,
        statusCode,
        JSON.stringify(response ?? null),
      ]),
    );
  }

  /** A failed request leaves no answer behind: a retry executes again. */
  async release(key: string, usuarioId: string): Promise<void> {
    await timedDb('gateway.idempotency_release', () =>
      this.db.query('DELETE FROM gateway.idempotencia WHERE key = $1 AND usuario_id = $2 AND status_code IS NULL', [key, usuarioId]),
    );
  }

  async purgeExpired(): Promise<number> {
    const [, count] = await timedDb('gateway.idempotency_purge', () =>
      this.db.query('DELETE FROM gateway.idempotencia WHERE expires_at <= now()'),
    );
    return Number(count ?? 0);
  }
}
