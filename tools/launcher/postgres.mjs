import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';
import { LaunchError } from './supervisor.mjs';
import { databaseOf, redact, withDatabase } from './urls.mjs';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const TEST_PREFIX = 'mesa_test_';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Same shape as the jest global setup's run ids: base-36 milliseconds, then 6 hex digits. */
export const newRunId = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Loaded lazily: on a fresh clone `pg` exists only once dependencies are installed. */
async function connect(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function query(url, sql, params) {
  const client = await connect(url);
  try {
    return await client.query(sql, params);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function answers(url) {
  try {
    await query(url, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * The PostgreSQL server to use: DATABASE_URL when set; else the machine's server when it answers
 * (MESA_PG_PROBE_URL, default postgres@127.0.0.1:5432, trust); else an embedded one started here.
 * Gives `adminUrl` (its `postgres` database) and the database name to use by default.
 */
export async function findPostgres() {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    const adminUrl = withDatabase(fromEnv, 'postgres');
    if (!(await answers(adminUrl)) && !(await answers(fromEnv))) {
      throw new LaunchError(`PostgreSQL at DATABASE_URL (${redact(fromEnv)}) does not answer.`);
    }
    return { kind: 'DATABASE_URL', adminUrl, database: databaseOf(fromEnv) || 'mesa' };
  }
  const probe = process.env.MESA_PG_PROBE_URL ?? LOCAL_URL;
  if (await answers(probe)) return { kind: 'local', adminUrl: withDatabase(probe, 'postgres'), database: 'mesa' };
  const embedded = await startEmbeddedPostgres();
  return { kind: embedded.ownedHere ? 'embedded' : 'embedded (already running)', adminUrl: embedded.url, database: 'mesa', embedded };
}

/** Creates the database unless it exists; true when it was created. */
export async function ensureDatabase(adminUrl, name) {
  const admin = await connect(adminUrl);
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another launcher may have created it between the check and the CREATE.
    if (error.code === '42P04') return false;
    throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export async function dropDatabase(adminUrl, name) {
  const admin = await connect(adminUrl);
  try {
    // FORCE: a test that leaked a connection must not keep its database alive.
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Drops `name` and the databases made from it for the run's test files (`<name>_<suffix>`). */
export async function dropDatabaseAndCopies(adminUrl, name) {
  const { rows } = await query(adminUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [`${name}_`]);
  for (const { datname } of rows) await dropDatabase(adminUrl, datname);
  await dropDatabase(adminUrl, name);
}

/** When the run that made a test database began, from its name (`mesa_test_<run id>[_<suffix>]`). */
export function testDatabaseCreatedAt(name) {
  if (!name.startsWith(TEST_PREFIX)) return NaN;
  const runId = name.slice(TEST_PREFIX.length).split('_')[0];
  return parseInt(runId.slice(0, -6), 36);
}

/**
 * Drops test databases whose run id says they are older than a day: runs that were killed before
 * they could clean up. Younger ones may belong to a run in progress.
 */
export async function dropStaleTestDatabases(adminUrl, now = Date.now()) {
  const { rows } = await query(adminUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [TEST_PREFIX]);
  const stale = rows
    .map((row) => row.datname)
    .filter((name) => {
      const created = testDatabaseCreatedAt(name);
      return Number.isFinite(created) && now - created > DAY_MS;
    });
  for (const name of stale) await dropDatabase(adminUrl, name);
  return stale;
}

/**
 * Creates the pg_stat_statements extension in `url`'s database and says whether the server
 * preloads the library (without it the views exist but cannot be read). The embedded server is
 * started with it; a server of the machine is only reported on: restarting it is not ours to do.
 */
export async function setUpPgStatStatements(url, { embedded }) {
  const { rows } = await query(url, 'SHOW shared_preload_libraries');
  const preloaded = rows[0].shared_preload_libraries.split(',').map((name) => name.trim());
  const loaded = preloaded.includes('pg_stat_statements');
  if (!loaded && embedded) {
    const libraries = [...preloaded.filter(Boolean), 'pg_stat_statements'].join(',');
    await query(url, `ALTER SYSTEM SET shared_preload_libraries = '${libraries}'`);
  }
  try {
    await query(url, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  } catch (error) {
    return { loaded, extension: false, reason: error.message };
  }
  return { loaded, extension: true };
}
