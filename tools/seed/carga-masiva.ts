import type { ClientBase } from 'pg';

/**
 * Bulk-load support: secondary indexes and outgoing foreign keys are dropped before a large
 * load and rebuilt after it (one sorted build per index instead of a dozen index insertions per
 * row, three of them GIN; no per-row foreign-key lookups). The load runs on several
 * connections, so the drop has to commit first; the dropped definitions are committed with it
 * in public.seed_pending_ddl, and every seed run first rebuilds whatever a crashed run left there.
 */
const PENDING = 'public.seed_pending_ddl';

interface Pending {
  id: number;
  kind: 'index' | 'constraint';
  object_schema: string;
  object_name: string;
  ddl: string;
}

/** Drops `schema.table`'s secondary indexes and outgoing foreign keys, recording them first (one transaction). */
export async function suspenderIndicesYClaves(client: ClientBase, schema: string, table: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${PENDING} (
      id serial PRIMARY KEY, kind text NOT NULL, object_schema text NOT NULL, object_name text NOT NULL, ddl text NOT NULL)`);
    const { rows } = await client.query<Omit<Pending, 'id'>>(
      `SELECT 'index' AS kind, n.nspname AS object_schema, i.relname AS object_name, pg_get_indexdef(i.oid) AS ddl
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname = $2
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
       UNION ALL
       SELECT 'constraint', n.nspname, c.conname,
              format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid))
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname = $2 AND c.contype = 'f'`,
      [schema, table],
    );
    for (const p of rows) {
      await client.query(`INSERT INTO ${PENDING} (kind, object_schema, object_name, ddl) VALUES ($1, $2, $3, $4)`, [
        p.kind,
        p.object_schema,
        p.object_name,
        p.ddl,
      ]);
      await client.query(
        p.kind === 'index'
          ? `DROP INDEX "${p.object_schema}"."${p.object_name}"`
          : `ALTER TABLE "${schema}"."${table}" DROP CONSTRAINT "${p.object_name}"`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * Rebuilds every recorded index (spread over the connections, GIN ones first since they take
 * longest) and then the foreign keys, deleting each record once its object exists.
 */
export async function restaurarPendientes(clients: ClientBase[]): Promise<number> {
  const [first] = clients;
  const exists = await first.query(`SELECT to_regclass('${PENDING}') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return 0;
  const { rows } = await first.query<Pending>(`SELECT * FROM ${PENDING} ORDER BY (ddl LIKE '% USING gin %') DESC, id`);
  const rebuild = (kind: Pending['kind']) => async (client: ClientBase, p: Pending) => {
    const present =
      kind === 'index'
        ? (await client.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`"${p.object_schema}"."${p.object_name}"`])).rows[0].ok
        : (
            await client.query(
              `SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = $2 AND connamespace = $1::regnamespace) AS ok`,
              [p.object_schema, p.object_name],
            )
          ).rows[0].ok;
    if (!present) await client.query(p.ddl);
    await client.query(`DELETE FROM ${PENDING} WHERE id = $1`, [p.id]);
  };
  await enParalelo(clients, rows.filter((p) => p.kind === 'index'), rebuild('index'));
  // Foreign keys lock both tables against index builds; they go after, one at a time.
  await enParalelo([first], rows.filter((p) => p.kind === 'constraint'), rebuild('constraint'));
  await first.query(`DROP TABLE IF EXISTS ${PENDING}`);
  return rows.length;
}

/** Runs `work` for every item, each connection taking the next item when it is free. */
export async function enParalelo<T>(
  clients: ClientBase[],
  items: T[],
  work: (client: ClientBase, item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < items.length) await work(client, items[next++]);
    }),
  );
}
