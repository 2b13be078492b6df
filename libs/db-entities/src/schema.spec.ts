import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { allEntities } from './entities';
import { migrateDatabase } from './migrate';
import { migrations, MIGRATIONS_TABLE } from './migrations';
import { scratchDatabase } from './testing/scratch-database';

const url = process.env.DATABASE_URL as string;

async function pendingSchemaChanges(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(buildDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}

async function appliedMigrations(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT name FROM public.${MIGRATIONS_TABLE} ORDER BY id`);
    return rows.map((r) => r.name as string);
  } finally {
    await client.end();
  }
}

const migrationNames = migrations.map((M) => new M().name as string);

describe('migrations and entities', () => {
  it('agree: the schema builder finds nothing to change on the migrated database', async () => {
    expect(await pendingSchemaChanges(url)).toEqual([]);
  });

  it('runs as a no-op when run again, even by two processes at once', async () => {
    await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
    expect(await appliedMigrations(url)).toEqual(migrationNames);
  });

  it('creates every index named on the entities, on the right table', async () => {
    const dataSource = new DataSource(buildDataSourceOptions(url));
    await dataSource.initialize();
    const declared = dataSource.entityMetadatas.flatMap((m) =>
      m.indices.map((i) => `${m.schema}.${m.tableName}.${i.name}`),
    );
    await dataSource.destroy();
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT schemaname || '.' || tablename || '.' || indexname AS path FROM pg_indexes
        WHERE schemaname IN ('gateway', 'documentos', 'derivaciones', 'integraciones', 'reportes')`,
    );
    await client.end();
    const existing = new Set(rows.map((r) => r.path as string));
    expect(declared.length).toBeGreaterThan(30);
    expect(declared.filter((path) => !existing.has(path))).toEqual([]);
  });

  it('declares one entity per table and no table without an entity', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT table_schema || '.' || table_name AS path FROM information_schema.tables
        WHERE table_schema IN ('gateway', 'documentos', 'derivaciones', 'integraciones', 'reportes')
          AND table_type = 'BASE TABLE'
        ORDER BY 1`,
    );
    await client.end();
    const dataSource = new DataSource(buildDataSourceOptions(url));
    await dataSource.initialize();
    const mapped = dataSource.entityMetadatas.map((m) => `${m.schema}.${m.tableName}`).sort();
    await dataSource.destroy();
    expect(mapped).toEqual(rows.map((r) => r.path));
    expect(mapped).toHaveLength(allEntities.length);
  });

  it('creates a missing database, survives concurrent runners, and reverts cleanly', async () => {
    const scratch = scratchDatabase('migrate');
    try {
      await Promise.all([migrateDatabase(scratch.url), migrateDatabase(scratch.url)]);
      expect(await appliedMigrations(scratch.url)).toEqual(migrationNames);

      const dataSource = new DataSource(buildDataSourceOptions(scratch.url));
      await dataSource.initialize();
      for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration();
      const { count } = (
        await dataSource.query(
          `SELECT count(*)::int AS count FROM information_schema.schemata
            WHERE schema_name IN ('gateway', 'documentos', 'derivaciones', 'integraciones', 'reportes')`,
        )
      )[0];
      await dataSource.destroy();
      expect(count).toBe(0);

      await migrateDatabase(scratch.url);
      expect(await pendingSchemaChanges(scratch.url)).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});
