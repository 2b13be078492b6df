import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrations, MIGRATIONS_TABLE } from './migrations';

export const REQUIRED_EXTENSIONS = ['pgcrypto', 'unaccent', 'pg_trgm'] as const;

/** Every migrating process (launcher, Kubernetes Job, test setup) takes this lock first. */
const MIGRATION_LOCK_KEY = 'mesa:migrations';

/**
 * Brings the database at `url` to the latest schema: creates the database if it does not exist,
 * the extensions if missing, and runs pending migrations (each in its own transaction).
 * Idempotent; concurrent callers wait on an advisory lock, so the second finds nothing to do.
 */
export async function migrateDatabase(url: string): Promise<void> {
  await createDatabaseIfMissing(url);
  const lock = new Client({ connectionString: url, application_name: 'mesa-migrate' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    for (const extension of REQUIRED_EXTENSIONS) {
      await lock.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    }
    // Migrations only: no entities, so this module stays free of path aliases and can be
    // loaded by plain ts-node (the jest global setup) as well as by the apps.
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      migrations,
      migrationsTableName: MIGRATIONS_TABLE,
      poolSize: 1,
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]);
  } finally {
    // Ending the session also releases the lock if a migration failed.
    await lock.end();
  }
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // Another process created it meanwhile: duplicate_database, or a unique violation on
    // pg_database when both CREATE DATABASE statements ran at the same moment.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await admin.end();
  }
}
