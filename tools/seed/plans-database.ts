import { Client } from 'pg';
import { migrateDatabase } from '@mesa/db-entities';
import { seed } from './seed';

export interface PlansDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of the test's own, migrated and seeded at a realistic size: plans are only
 * meaningful on a realistic row count, and the run's shared test database must not grow that
 * much. Plan tests of every service use it.
 */
export async function createPlansDatabase(
  suffix: string,
  size: { documentos: number; derivacionesPorDocumento: number },
): Promise<PlansDatabase> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${process.env.MESA_TEST_DATABASE ?? 'mesa_test'}_${suffix}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.href);
  await seed({ url: url.href, ...size, password: 'plans-test-password' });
  return {
    url: url.href,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
