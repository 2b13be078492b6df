/**
 * Jest global setup: a fresh, migrated database per test run and a Redis key prefix per run. Each
 * test file then works in its own copy of that database, under its own prefix below the run's
 * (suite-isolation.ts), so files may run at the same time.
 * `npm test` provisions once for all projects (MESA_TEST_PROVISIONED) and drops it all at the end;
 * `nx test <project>` gets its own database here, dropped by global-teardown.ts. Environment
 * variables set here reach every test worker.
 */
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

export default async function globalSetup(): Promise<void> {
  // Every request of a test file comes from one address, so the gateway's per-address limit
  // would refuse some of a busy file's with 429. Tests of the limits set their own values.
  process.env.RATE_LIMIT_PER_MINUTE ??= '1000000';
  if (process.env.MESA_TEST_PROVISIONED === '1') return;
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dbName = `mesa_test_${runId}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  process.env.DATABASE_URL = url.toString();
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.REDIS_KEY_PREFIX = `test:${runId}:`;
  process.env.MESA_TEST_DATABASE = dbName;
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.MESA_TEST_PROVISIONED = '1';
  process.env.MESA_TEST_TEARDOWN = '1';
  const { migrateDatabase } = await import('../../libs/db-entities/src/migrate');
  await migrateDatabase(process.env.DATABASE_URL);
}
