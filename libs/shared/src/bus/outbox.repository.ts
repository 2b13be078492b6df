import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
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

/** A committed outbox row as the relay publishes it (payload and headers as stored JSON text). */
export interface OutboxRow {
  id: string;
  event_id: string;
  pattern: string;
  payload: string;
  headers: string;
}

const outboxTable = (schema: string) => `${quotedSchema(schema)}.outbox`;

/**
 * The oldest `limit` rows of the schema's outbox, in id order, for the relay holding this
 * transaction's advisory lock on the outbox; null when another relay holds it (it drains).
 */
export async function takeOutboxBatch(manager: EntityManager, schema: string, limit: number): Promise<OutboxRow[] | null> {
  const table = outboxTable(schema);
  const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [table])) as Array<{
    locked: boolean;
  }>;
  if (!locked) return null;
  return (await manager.query(
    `SELECT id, event_id, pattern, payload::text AS payload, headers::text AS headers
       FROM ${table} ORDER BY id LIMIT $1`,
    [limit],
  )) as OutboxRow[];
}

/** Deletes relayed rows, in the transaction that took them. */
export async function deleteOutboxRows(manager: EntityManager, schema: string, ids: string[]): Promise<void> {
  await manager.query(`DELETE FROM ${outboxTable(schema)} WHERE id = ANY($1::bigint[])`, [ids]);
}

/** How many rows wait in the schema's outbox and how old (seconds) the oldest is. */
export async function outboxBacklog(db: DataSource, schema: string): Promise<{ pending: number; lag: number }> {
  const [row] = (await db.query(
    `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag FROM ${outboxTable(schema)}`,
  )) as Array<{ pending: number; lag: number }>;
  return row;
}

/** LISTEN (or UNLISTEN) on a held connection for the notifications writeOutbox issues at commit. */
export async function listenOutbox(runner: QueryRunner, schema: string, listen = true): Promise<void> {
  await runner.query(`${listen ? 'LISTEN' : 'UNLISTEN'} ${outboxChannel(schema)}`);
}
