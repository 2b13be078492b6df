/** Anything that runs SQL: a pg Client or a TypeORM DataSource. */
export interface Queryable {
  query(sql: string): Promise<unknown>;
}

/**
 * Brings freshly loaded tables to the state a plan is judged in, the one autovacuum keeps them in
 * service: fresh statistics and a set visibility map. Without the VACUUM, pages loaded moments
 * ago are not all-visible, index-only scans are costed with a heap fetch per row, and the plan
 * of a wide read flips to a sequential scan depending on how soon the test ran after the load.
 *
 * ANALYZE goes first on purpose: it commits synchronously, which flushes the WAL of loads that
 * committed asynchronously (the seed's), and VACUUM cannot mark a page all-visible before the
 * commits that filled it are flushed.
 */
export async function settleForPlans(db: Queryable, tables: string[]): Promise<void> {
  for (const table of tables) await db.query(`ANALYZE ${table}`);
  for (const table of tables) await db.query(`VACUUM ${table}`);
}

