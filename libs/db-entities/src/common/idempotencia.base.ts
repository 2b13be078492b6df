import { Column, CreateDateColumn, PrimaryColumn } from 'typeorm';

/**
 * An `Idempotency-Key` recorded by the service that writes, in the write's own transaction, with
 * the reply it gave: a second execution of the same request finds the row (or waits on it while
 * the first transaction is open) and answers that reply instead. Every schema that takes keyed
 * writes has its own copy of this table (`@mesa/shared/database` `unaVez`).
 */
export abstract class IdempotenciaRecord {
  @PrimaryColumn({ name: 'usuario_id', type: 'uuid' })
  usuarioId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 hex of method, route and body, as the gateway computed it. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  /** Null only inside the transaction that claimed the key. */
  @Column({ type: 'jsonb', nullable: true })
  respuesta: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
