// What every launcher command needs before it runs anything of the suite: dependencies, the
// system programs it asks for, a PostgreSQL server with the target database, and a Redis. Whatever is started here is stopped
// when the launcher exits (see supervisor.mjs).
import { ensureDependencies } from './dependencies.mjs';
import { dropDatabaseAndCopies, ensureDatabase, findPostgres, setUpPgStatStatements } from './postgres.mjs';
import { findRedis } from './redis.mjs';
import { ensurePrograms } from './system-packages.mjs';
import { onCleanup } from './supervisor.mjs';
import { redact, withDatabase } from './urls.mjs';

function describeStats(stats) {
  if (stats.loaded && stats.extension) return 'pg_stat_statements loaded';
  if (!stats.extension) return `pg_stat_statements unavailable (${stats.reason})`;
  return 'pg_stat_statements not preloaded: as root, ALTER SYSTEM SET shared_preload_libraries = \'pg_stat_statements\' and restart PostgreSQL';
}

/**
 * @param {object} options
 * @param {string} [options.database] database to use (default: DATABASE_URL's, else `mesa`)
 * @param {boolean} [options.temporary] drop that database, and the copies made of it, on exit (test runs)
 * @param {boolean} [options.redis] find or start Redis too (default true)
 * @param {Record<string, string>} [options.programs] programs needed on the PATH, each with its Debian package
 * @returns {Promise<{ databaseUrl: string, adminUrl: string, database: string, redisUrl?: string, pgStatStatements: boolean }>}
 */
export async function provision({ database, temporary = false, redis = true, programs = {} } = {}) {
  ensureDependencies();
  await ensurePrograms(programs);
  const server = await findPostgres();
  const name = database ?? server.database;
  const databaseUrl =
    server.kind === 'DATABASE_URL' && !database ? process.env.DATABASE_URL : withDatabase(server.adminUrl, name);
  const created = await ensureDatabase(server.adminUrl, name);
  if (temporary) onCleanup(() => dropDatabaseAndCopies(server.adminUrl, name));
  const stats = await setUpPgStatStatements(databaseUrl, { embedded: Boolean(server.embedded) });
  process.stdout.write(
    `PostgreSQL: ${server.kind}, ${redact(databaseUrl)}${created ? ' (created)' : ''}; ${describeStats(stats)}\n`,
  );
  const found = redis ? await findRedis() : undefined;
  if (found) process.stdout.write(`Redis: ${found.kind}, ${redact(found.url)}\n`);
  return {
    databaseUrl,
    adminUrl: server.adminUrl,
    database: name,
    redisUrl: found?.url,
    pgStatStatements: stats.loaded && stats.extension,
  };
}
