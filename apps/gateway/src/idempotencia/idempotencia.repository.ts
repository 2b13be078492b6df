import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { timedDb } from '@mesa/shared/database';

/** How long a key is remembered. */
const KEY_TTL_HOURS = 24;
/**
 * Beyond the bus deadline, how long an unanswered claim is still left to its request. After
 * that the request cannot be running any more (a service drops a request past its deadline, and
 * its write-side key stops one that did run): the claim belongs to a request that timed out or a
 * gateway that died, and a retry may take it over.
 */
const CLAIM_MARGIN_MS = 5_000;
const PURGE_EVERY_MS = 15 * 60_000;

export interface StoredAnswer {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
  /** For an unanswered claim: milliseconds until a retry may take it over. */
  takeoverInMs: number;
}

/** Table `gateway.idempotencia`: one row per (key, user); a row without status_code is in flight. */
@Injectable()
export class IdempotenciaRepository implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  /** How long an unanswered claim belongs to its request. */
  readonly claimMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'BUS_REQUEST_TIMEOUT_MS'>,
  ) {
    this.claimMs = config.BUS_REQUEST_TIMEOUT_MS + CLAIM_MARGIN_MS;
  }

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
   * decides among concurrent requests; an expired row or a claim older than `claimMs` is taken
   * over in the same statement.
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
              OR (i.status_code IS NULL AND i.created_at < now() - make_interval(secs => $5 / 1000.0))
         RETURNING 1`,
        [key, usuarioId, requestHash, KEY_TTL_HOURS, this.claimMs],
      ),
    );
    return rows.length === 1;
  }

  async read(key: string, usuarioId: string): Promise<StoredAnswer | null> {
    const rows: { request_hash: string; status_code: number | null; response: unknown; age_ms: number }[] = await timedDb(
      'gateway.idempotency_read',
      () =>
        this.db.query(
          `SELECT request_hash, status_code, response, extract(epoch FROM now() - created_at) * 1000 AS age_ms
           FROM gateway.idempotencia WHERE key = $1 AND usuario_id = $2 AND expires_at > now()`,
          [key, usuarioId],
        ),
    );
    const r = rows[0];
    if (!r) return null;
    return {
      requestHash: r.request_hash,
      statusCode: r.status_code,
      response: r.response,
      takeoverInMs: Math.max(0, this.claimMs - Number(r.age_ms)),
    };
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

  /**
   * A request that was refused (a definite 4xx: nothing was written) leaves no answer behind, so
   * a corrected retry executes. Never for a timeout or a 5xx: their outcome is unknown.
   */
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
