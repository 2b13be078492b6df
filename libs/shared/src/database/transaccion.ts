import type { DataSource, EntityManager } from 'typeorm';
import { markEventProcessed } from '../bus/outbox.repository';
import { timedDb } from './db-operation';

/** One transaction, timed under its operation name: the one way repositories open a transaction. */
export function transaccion<T>(db: DataSource, operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return timedDb(operation, () => db.transaction(fn));
}

/**
 * A consumer's transaction: `fn` runs once per event id, its writes committed with the mark that
 * `schema` processed the event. A redelivery (on this replica or another) answers `undefined`
 * and writes nothing. Without an event id (a direct call) `fn` always runs.
 */
export function transaccionDeEvento<T>(
  db: DataSource,
  operation: string,
  schema: string,
  eventId: string | undefined,
  fn: (m: EntityManager) => Promise<T>,
): Promise<T | undefined> {
  return transaccion(db, operation, async (m) => {
    if (eventId && !(await markEventProcessed(m, schema, eventId))) return undefined;
    return fn(m);
  });
}

/** Whether PostgreSQL refused a write for a unique index (`unique_violation`); repositories translate it. */
export function violaUnicidad(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}
