import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { explainNodes } from './plan-scans';
import { leastVisibleShare, settleTables } from './settle-tables.vacuum';

/** Against the run's PostgreSQL: a table loaded as the seed loads (asynchronous commit). */
describe('settleTables', () => {
  const schema = `settle_${randomBytes(4).toString('hex')}`;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.cargada (id int PRIMARY KEY, grupo int NOT NULL, texto text NOT NULL)`);
    await db.query(`CREATE INDEX ON ${schema}.cargada (grupo)`);
    await db.query('SET synchronous_commit = off');
    await db.query(
      `INSERT INTO ${schema}.cargada SELECT g, g % 10, repeat('x', 40) FROM generate_series(1, 200000) g`,
    );
    await db.query('SET synchronous_commit = on');
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.end();
  });

  it('leaves a freshly loaded table analysed and all-visible, so an index-only scan is costed as one', async () => {
    const tabla = `${schema}.cargada`;
    await db.query(`ANALYZE ${tabla}`);
    expect(await leastVisibleShare(db, [tabla])).toBeLessThan(0.05);

    const share = await settleTables(db, [tabla]);
    expect(share).toBeGreaterThan(0.95);
    expect(await leastVisibleShare(db, [tabla])).toBe(share);
    const nodos = await explainNodes(db, `SELECT count(*) FROM ${tabla} WHERE grupo = 3`);
    expect(nodos.map((n) => n['Node Type'])).toContain('Index Only Scan');
  });
});
