import { Injectable, OnModuleDestroy, OnModuleInit, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ClaveIdempotencia } from '../contracts';
import { DomainException, ErrorCodes } from '../errors';
import { timedDb } from './db-operation';

/** How long a service remembers a key (as long as the gateway does). */
const CLAVE_TTL_HOURS = 24;
const PURGA_CADA_MS = 15 * 60_000;

/**
 * Idempotency at the write. Inside the transaction of a keyed write (`m` must be a transaction's
 * manager), records `(usuarioId, clave.key)` in `<schema>.idempotencia` before the write and the
 * reply after it, so they commit or roll back together:
 * - the first execution inserts the key, runs `escribir` and stores its reply;
 * - a second one, while the first transaction is open, waits on the key's primary key; once the
 *   first commits it answers the stored reply without writing (once it rolls back, it executes);
 * - the same key with another request (`requestHash`) is refused with 422.
 * Without a key, `escribir` runs as it is. A key older than CLAVE_TTL_HOURS is taken as new.
 */
export async function unaVez<T>(
  m: EntityManager,
  schema: string,
  usuarioId: string,
  clave: ClaveIdempotencia | undefined,
  escribir: () => Promise<T>,
): Promise<T> {
  if (!clave) return escribir();
  if (!m.queryRunner?.isTransactionActive) throw new Error('unaVez needs the manager of an open transaction');
  const tabla = `${schema}.idempotencia`;
  const ganada: unknown[] = await timedDb(`${schema}.idempotency_claim`, () =>
    m.query(
      `INSERT INTO ${tabla} AS i (usuario_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (usuario_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, respuesta = NULL, created_at = now()
         WHERE i.created_at < now() - make_interval(hours => $4)
       RETURNING 1`,
      [usuarioId, clave.key, clave.requestHash, CLAVE_TTL_HOURS],
    ),
  );
  if (ganada.length === 0) {
    // A new statement: in READ COMMITTED it sees the row the other transaction committed.
    const [previa]: { request_hash: string; respuesta: T }[] = await m.query(
      `SELECT request_hash, respuesta FROM ${tabla} WHERE usuario_id = $1 AND key = $2`,
      [usuarioId, clave.key],
    );
    if (previa.request_hash !== clave.requestHash) throw claveReutilizada();
    return previa.respuesta;
  }
  const respuesta = await escribir();
  await timedDb(`${schema}.idempotency_reply`, () =>
    m.query(`UPDATE ${tabla} SET respuesta = $3::jsonb WHERE usuario_id = $1 AND key = $2`, [
      usuarioId,
      clave.key,
      JSON.stringify(respuesta ?? null),
    ]),
  );
  return respuesta;
}

export function claveReutilizada(): DomainException {
  return new DomainException(
    ErrorCodes.IDEMPOTENCY_KEY_REUSED,
    422,
    'Esta Idempotency-Key ya se usó con otra solicitud; use una clave nueva',
  );
}

/** Deletes a schema's keys past their time, every 15 minutes (expired keys are never answered). */
@Injectable()
export class PurgaDeClaves implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly schema: string,
  ) {}

  /** The provider a service that calls `unaVez` registers, for its own schema. */
  static para(schema: string): Provider {
    return {
      provide: PurgaDeClaves,
      useFactory: (db: DataSource) => new PurgaDeClaves(db, schema),
      inject: [getDataSourceToken()],
    };
  }

  onModuleInit() {
    this.timer = setInterval(() => void this.purgar().catch(() => undefined), PURGA_CADA_MS);
    this.timer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }

  async purgar(): Promise<number> {
    const [, count] = await this.db.query(
      `DELETE FROM ${this.schema}.idempotencia WHERE created_at < now() - make_interval(hours => $1)`,
      [CLAVE_TTL_HOURS],
    );
    return Number(count ?? 0);
  }
}
