import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per `Idempotency-Key` and caller: a replay answers the stored response; the same key
 * with a different body (request_hash) is refused. A row without status_code is still in flight.
 */
@Entity({ schema: 'gateway', name: 'idempotencia' })
@Index('idx_idempotencia_expires_at', ['expiresAt'])
export class Idempotencia {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @PrimaryColumn({ name: 'usuario_id', type: 'uuid' })
  usuarioId: string;

  /** SHA-256 hex of method, route and body. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
