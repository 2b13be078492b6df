import { Client } from 'pg';

/**
 * The baseline's schema: only primary keys and unique constraints (and unique indexes, which
 * enforce rules such as one case per external id). Every other index of the services' schemas is
 * dropped, its definition recorded first in the same transaction, so a run that dies leaves the
 * definitions behind and the next run (or `restoreIndexes`) rebuilds them.
 */
const PENDING = 'public.bench_dropped_indexes';
const SCHEMAS = ['gateway', 'documentos', 'derivaciones', 'integraciones', 'reportes'];

export interface DroppedIndex {
  schema: string;
  name: string;
  ddl: string;
}

export async function dropSecondaryIndexes(client: Client): Promise<DroppedIndex[]> {
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${PENDING} (schema text NOT NULL, name text NOT NULL, ddl text NOT NULL, PRIMARY KEY (schema, name))`,
    );
    const { rows } = await client.query<DroppedIndex>(
      `SELECT n.nspname AS schema, i.relname AS name, pg_get_indexdef(i.oid) AS ddl
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = i.relnamespace
        WHERE n.nspname = ANY($1) AND NOT x.indisprimary AND NOT x.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        ORDER BY 1, 2`,
      [SCHEMAS],
    );
    for (const index of rows) {
      await client.query(`INSERT INTO ${PENDING} (schema, name, ddl) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        index.schema,
        index.name,
        index.ddl,
      ]);
      await client.query(`DROP INDEX ${client.escapeIdentifier(index.schema)}.${client.escapeIdentifier(index.name)}`);
    }
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Rebuilds every recorded index, on as many connections as given (GIN ones first: they take
 * longest), and forgets each once it exists. Returns how many were rebuilt.
 */
export async function restoreIndexes(clients: Client[]): Promise<number> {
  const [first] = clients;
  const exists = await first.query(`SELECT to_regclass('${PENDING}') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return 0;
  const { rows } = await first.query<DroppedIndex>(
    `SELECT schema, name, ddl FROM ${PENDING} ORDER BY (ddl LIKE '% USING gin %') DESC, schema, name`,
  );
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      await client.query(`SET maintenance_work_mem = '256MB'`);
      while (next < rows.length) {
        const index = rows[next++];
        await client.query(index.ddl.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
        await client.query(`DELETE FROM ${PENDING} WHERE schema = $1 AND name = $2`, [index.schema, index.name]);
      }
    }),
  );
  return rows.length;
}
