import { rowsOf, SqlRunner } from './plan-scans';

/** Share of all-visible pages from which a table counts as settled. */
const SETTLED = 0.95;
const ATTEMPTS = 40;
const PAUSE_MS = 250;

/**
 * Brings freshly loaded tables to the state autovacuum keeps them in while in service: fresh
 * statistics and a set visibility map, so the plans chosen right after a bulk load (the seed, a
 * plan test) are the ones chosen later. Answers the all-visible share of the least visible table.
 *
 * With the map unset, index-only scans are costed with a heap fetch per row and a wide read (an
 * office's counts) rightly flips to a sequential scan. VACUUM cannot mark a page all-visible
 * while the commits that filled it are unflushed: loads commit asynchronously, and a commit
 * status is hinted per group of transactions, which other sessions of the cluster share. So:
 * ANALYZE first (on a session with synchronous_commit on, the default, its commit flushes the
 * WAL before it), then VACUUM again, briefly, until the map is set; a VACUUM of pages already
 * all-visible skips them.
 */
export async function settleTables(db: SqlRunner, tables: string[]): Promise<number> {
  for (const table of tables) await db.query(`ANALYZE ${table}`);
  let share = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    for (const table of tables) await db.query(`VACUUM ${table}`);
    share = await leastVisibleShare(db, tables);
    if (share >= SETTLED) break;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return share;
}

/** The all-visible share of pages of the least visible of the tables (an empty table counts as 1). */
export async function leastVisibleShare(db: SqlRunner, tables: string[]): Promise<number> {
  const list = tables.map((t) => `'${t.replace(/'/g, "''")}'::regclass`).join(', ');
  const answer = await db.query(
    `SELECT min(CASE WHEN relpages = 0 THEN 1 ELSE relallvisible::float / relpages END) AS share
       FROM pg_class WHERE oid IN (${list})`,
  );
  return Number(rowsOf<{ share: number }>(answer)[0].share);
}
