import { Client } from 'pg';
import { migrateDatabase } from '@mesa/db-entities';
import { withDatabase } from './dataset';
import { dropSecondaryIndexes, restoreIndexes } from './indexes';

/**
 * Against the real PostgreSQL, on a database of its own (dropping indexes in the run's shared
 * database would change other tests' plans).
 */
describe('baseline indexes', () => {
  const name = `${process.env.MESA_TEST_DATABASE ?? 'mesa_test_bench'}_idx`;
  const adminUrl = withDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'postgres');
  const url = withDatabase(adminUrl, name);
  let db: Client;

  const indexes = async () =>
    (
      await db.query<{ name: string; def: string; uniq: boolean }>(
        `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def, x.indisunique AS uniq
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
          WHERE n.nspname IN ('gateway', 'documentos', 'derivaciones', 'integraciones', 'reportes') ORDER BY 1, 2`,
      )
    ).rows;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    await migrateDatabase(url);
    db = new Client({ connectionString: url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('keeps only primary keys and unique indexes, records the rest, and rebuilds them identically', async () => {
    const before = await indexes();
    const secondary = before.filter((i) => !i.uniq);
    expect(secondary.length).toBeGreaterThan(5);
    expect(before.some((i) => i.name === 'idx_documento_estado_fecha' || i.def.includes('USING gin'))).toBe(true);

    const dropped = await dropSecondaryIndexes(db);
    expect(dropped.map((d) => d.name).sort()).toEqual(secondary.map((i) => i.name).sort());
    const during = await indexes();
    expect(during.every((i) => i.uniq)).toBe(true);
    expect(during.map((i) => i.name)).toEqual(before.filter((i) => i.uniq).map((i) => i.name));
    const recorded = await db.query('SELECT count(*)::int AS n FROM public.bench_dropped_indexes');
    expect(recorded.rows[0].n).toBe(secondary.length);

    const second = new Client({ connectionString: url });
    await second.connect();
    try {
      expect(await restoreIndexes([db, second])).toBe(secondary.length);
    } finally {
      await second.end();
    }
    expect(await indexes()).toEqual(before);
    const left = await db.query('SELECT count(*)::int AS n FROM public.bench_dropped_indexes');
    expect(left.rows[0].n).toBe(0);
    // Nothing recorded: nothing to do.
    expect(await restoreIndexes([db])).toBe(0);
  });
});
