import { Column, CreateDateColumn, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Events written in the same transaction as the change they announce; a relay publishes them
 * to the bus and deletes them. Every event-emitting schema has its own copy of this table.
 *
 * The unique constraint carries PostgreSQL's default name, the same in every schema; TypeORM
 * 0.3 groups loaded constraints by name across schemas, so it must know that name or it would
 * take the four for one composite constraint and drop it.
 */
@Unique('outbox_event_id_key', ['eventId'])
export abstract class OutboxRecord {
  /** bigserial: returned as a string so ids beyond 2^53 stay exact. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  pattern: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** Events a consumer has already applied: handlers insert here first and skip duplicates. */
export abstract class ProcessedEventRecord {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
