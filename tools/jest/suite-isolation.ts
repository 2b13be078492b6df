/**
 * Jest setupFilesAfterEnv: what one test file changes, no other file sees, so files can run at the
 * same time and in any order.
 * - PostgreSQL: its own database, `<run database>_f<hash of the file's path>`, copied from the
 *   run's migrated database (a template copy of an empty schema takes a fraction of a second).
 *   The run's cleanup drops the copies with the run's database (`dropDatabaseAndCopies` in
 *   tools/launcher/postgres.mjs: by `npm test`'s launcher, or by global-teardown.ts for `nx test`).
 * - Redis: its own key prefix, `<run prefix><hash of the file's path>:`, and so its own streams,
 *   consumer groups and cache; the end-of-run cleanup by the run's prefix still removes them.
 * It runs before the test file's code; Jest gives each file a fresh copy of process.env, and the
 * apps a test spawns get that copy. The database is created in a beforeAll registered here, which
 * runs before the file's own.
 */
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { Client } from 'pg';

/**
 * A fresh copy of `template` named `name`, replacing one left by an earlier attempt of the same
 * file. Nothing may be connected to the template: test files use only their copies.
 */
async function createDatabaseFrom(adminUrl: string, template: string, url: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(template)}`);
  } finally {
    await admin.end();
  }
  // TypeORM keeps the definitions of generated columns in typeorm_metadata under the database's
  // name (the migrations write current_database()); in the copy they must name the copy.
  const copy = new Client({ connectionString: url });
  await copy.connect();
  try {
    await copy.query(
      `UPDATE public.typeorm_metadata SET "database" = current_database() WHERE "database" = $1`,
      [template],
    );
  } finally {
    await copy.end();
  }
}

const { testPath } = expect.getState();
if (testPath) {
  // The path in the repository: the same names for a file on every machine.
  const hash = createHash('sha256').update(relative(join(__dirname, '..', '..'), testPath)).digest('hex').slice(0, 8);
  if (process.env.REDIS_KEY_PREFIX) process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX}${hash}:`;
  const template = process.env.MESA_TEST_DATABASE;
  if (template && process.env.DATABASE_URL && process.env.TEST_ADMIN_DATABASE_URL) {
    const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
    const name = `${template}_f${hash}`;
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    beforeAll(() => createDatabaseFrom(adminUrl, template, url.toString(), name));
  }
}
