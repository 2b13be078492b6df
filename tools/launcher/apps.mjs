import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot, repoRoot } from './paths.mjs';
import { LaunchError, runChild } from './supervisor.mjs';

/** The six apps and their default ports (architecture.md). `replicable`: may run several times. */
export const APPS = [
  { name: 'gateway', port: 3000, replicable: false },
  { name: 'documentos-service', port: 3001, replicable: true },
  { name: 'derivaciones-service', port: 3002, replicable: true },
  { name: 'integraciones-service', port: 3003, replicable: true },
  { name: 'reportes-worker', port: 3004, replicable: true },
  { name: 'perf-monitor', port: 3005, replicable: false },
];

/** Replicas after the first take ports from here on, one after the other. */
export const REPLICA_BASE_PORT = 3101;

export const distMain = (app) => fromRoot('dist', 'apps', app, 'main.js');

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Every app's bundle exists and is newer than every source file of the apps and libraries. */
export function distIsFresh() {
  const sources = Math.max(newestMtime(fromRoot('apps')), newestMtime(fromRoot('libs')));
  return APPS.every(({ name }) => existsSync(distMain(name)) && statSync(distMain(name)).mtimeMs > sources);
}

/** Env for nx children: no daemon left running after the launcher, and plain output. */
export const nxEnv = () => ({ NX_DAEMON: 'false', NX_TUI: 'false', ...process.env });

export async function buildApps() {
  process.stdout.write('Building the apps (nx run-many -t build)...\n');
  const nx = fromRoot('node_modules', 'nx', 'bin', 'nx.js');
  const args = [nx, 'run-many', '-t', 'build', '--parallel=2', `--projects=${APPS.map((app) => app.name).join(',')}`];
  const code = await runChild('build', process.execPath, args, { cwd: repoRoot, prefix: false, env: nxEnv() });
  if (code !== 0) throw new LaunchError(`Building the apps failed (exit ${code}); see the messages above.`);
  const missing = APPS.filter(({ name }) => !existsSync(distMain(name))).map(({ name }) => name);
  if (missing.length) throw new LaunchError(`The build left no dist/apps/<app>/main.js for: ${missing.join(', ')}`);
}
