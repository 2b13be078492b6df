import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { freePort, waitUntil } from '@mesa/shared/testing';
import { PostgresServer, startPostgresWithStatements } from './postgres-server';
import { boot, getJson, perfMonitorApp } from './support';

/** When PostgreSQL collects pg_stat_statements, slow queries and filter columns come from it. */
describe('performance API with pg_stat_statements', () => {
  let pg: PostgresServer;
  let perf: RunningApp;
  let db: Client;

  beforeAll(async () => {
    pg = await startPostgresWithStatements();
    db = new Client({ connectionString: pg.url });
    await db.connect();
    const port = await freePort();
    perf = await boot(perfMonitorApp, {
      PORT: String(port),
      DATABASE_URL: pg.url,
      MONITORED_APPS: `perf-monitor=http://127.0.0.1:${port}`,
    });
  }, 60_000);

  afterAll(async () => {
    await perf?.close();
    await db?.end();
    await pg?.stop();
  });

  it('GET /slow-queries lists the statements whose runs reached DB_SLOW_QUERY_MS, with their figures', async () => {
    for (let i = 0; i < 2; i++) await db.query('SELECT pg_sleep(0.25)');
    await db.query('SELECT 1');
    const res = await getJson(`${perf.url}/api/v1/performance/slow-queries`);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('pg_stat_statements');
    const sleep = res.body.queries.find((q: { query: string }) => q.query.includes('pg_sleep'));
    expect(sleep).toEqual(expect.objectContaining({ calls: 2, rows: 2, alert: false }));
    expect(sleep.meanMs).toBeGreaterThanOrEqual(250);
    expect(sleep.maxMs).toBeGreaterThanOrEqual(sleep.meanMs);
    // A fast statement is not listed.
    expect(res.body.queries.some((q: { query: string }) => /^SELECT \$1$/.test(q.query))).toBe(false);
  });

  it('recommendations name the columns the sequentially scanned table is filtered on, from the statements', async () => {
    await db.query('CREATE TABLE expediente_prueba (id serial PRIMARY KEY, codigo text NOT NULL, grupo int NOT NULL)');
    await db.query(
      `INSERT INTO expediente_prueba (codigo, grupo) SELECT 'C' || g, g % 50 FROM generate_series(1, 5000) g`,
    );
    for (let i = 0; i < 25; i++)
      await db.query('SELECT id FROM expediente_prueba WHERE codigo = $1 AND grupo > $2', [`C${i}`, 0]);
    let rec: any;
    const found = await waitUntil(
      async () => {
        const res = await getJson(`${perf.url}/api/v1/performance/optimization/recommendations`);
        rec = res.body.recommendations.find(
          (r: any) => r.kind === 'seq_scan_heavy_table' && r.figures.table === 'expediente_prueba',
        );
        return rec !== undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(found).toBe(true);
    expect(rec.figures).toEqual(
      expect.objectContaining({
        schema: 'public',
        filterColumns: ['codigo', 'grupo'],
        filterColumnsFrom: 'pg_stat_statements',
      }),
    );
    expect(rec.figures.seqScan).toBeGreaterThanOrEqual(25);
  });
});
