import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RequestContext } from '../logging/request-context';
import { outboxChannel, quotedSchema } from './outbox.sql';

export interface OutboxEvent {
  pattern: string;
  data: unknown;
}

/**
 * Records events in `<schema>.outbox` inside the caller's transaction: they are published by the
 * OutboxRelay if and only if the transaction commits. One statement inserts all rows and issues
 * pg_notify, which PostgreSQL delivers at commit (and drops on rollback), waking the relays.
 */
export async function writeOutbox(manager: EntityManager, schema: string, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const requestId = RequestContext.requestId();
  const headers = JSON.stringify(requestId ? { requestId } : {});
  const params: unknown[] = [outboxChannel(schema), headers];
  const rows = events.map((event) => {
    params.push(randomUUID(), event.pattern, JSON.stringify(event.data ?? null));
    const n = params.length;
    return `($${n - 2}::uuid, $${n - 1}, $${n}::jsonb, $2::jsonb)`;
  });
  await manager.query(
    `WITH inserted AS (
       INSERT INTO ${quotedSchema(schema)}.outbox (event_id, pattern, payload, headers) VALUES ${rows.join(', ')}
     )
     SELECT pg_notify($1, '')`,
    params,
  );
}

/**
 * Idempotent consumers: records that this service handled the event, in the transaction of the
 * handler's own writes. Returns true the first time, false when the event was already processed
 * (a redelivery), in which case the handler should do nothing.
 */
export async function markEventProcessed(manager: EntityManager, schema: string, eventId: string): Promise<boolean> {
  const rows = (await manager.query(
    `INSERT INTO ${quotedSchema(schema)}.processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [eventId],
  )) as unknown[];
  return rows.length > 0;
}
