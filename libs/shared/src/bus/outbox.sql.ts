/**
 * Names in the SQL of the transactional outbox (outbox.repository.ts). Schema names are
 * interpolated into statements (they cannot be bound), so they are checked against a strict
 * identifier pattern first.
 */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function quotedSchema(schema: string): string {
  if (!IDENTIFIER.test(schema)) throw new Error(`Invalid schema name for the outbox: "${schema}"`);
  return `"${schema}"`;
}

/** NOTIFY channel a schema's outbox writers signal and its relays LISTEN to. */
export function outboxChannel(schema: string): string {
  quotedSchema(schema);
  return `outbox_${schema}`;
}
