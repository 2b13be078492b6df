import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../common/bigint.transformer';

/** A report job and its file; the id is the queue's job id, so a duplicate request finds its job. */
@Entity({ schema: 'reportes', name: 'reporte' })
@Index('idx_reporte_usuario_fecha', ['usuarioId', 'createdAt', 'id'])
// Only rows whose file is still on disk: what the expiry cleanup looks for.
@Index('idx_reporte_expires_at', ['expiresAt'], { where: 'storage_key IS NOT NULL' })
export class Reporte {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;

  @Column({ type: 'varchar', length: 50 })
  tipo: string;

  /** xlsx | pdf | csv */
  @Column({ type: 'varchar', length: 10 })
  formato: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  filtros: Record<string, unknown>;

  @Column({ name: 'usuario_id', type: 'uuid' })
  usuarioId: string;

  /** The queue's job state (waiting, active, completed, failed, cancelled). */
  @Column({ type: 'varchar', length: 20 })
  estado: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 500, nullable: true })
  storageKey: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  tamano: number | null;

  @Column({ type: 'int', nullable: true })
  filas: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** When the last attempt started. */
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  /** Attempts started so far (the queue forgets jobs after a while; the row keeps this). */
  @Column({ type: 'int', default: 0 })
  intentos: number;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The file is deleted after this. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}
