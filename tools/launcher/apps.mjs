import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot, packageBin, repoRoot } from './paths.mjs';
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

/** The web app: built with the others, served by the gateway from dist/apps/web (no process of its own). */
export const WEB = 'web';
const webIndex = () => fromRoot('dist', 'apps', WEB, 'index.html');

const isTestFile = (name) => /\.(spec|e2e-spec)\.ts$/.test(name);

function newestSourceMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (!isTestFile(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Every app's bundle (and the web app's build) exists and is newer than every non-test file of the apps and libraries. */
export function distIsFresh() {
  const sources = Math.max(newestSourceMtime(fromRoot('apps')), newestSourceMtime(fromRoot('libs')));
  const built = [...APPS.map(({ name }) => distMain(name)), webIndex()];
  return built.every((file) => existsSync(file) && statSync(file).mtimeMs > sources);
}

/** Env for nx children: no daemon left running after the launcher, and plain output. */
export const nxEnv = () => ({ NX_DAEMON: 'false', NX_TUI: 'false', ...process.env });

export async function buildApps() {
  process.stdout.write('Building the apps (nx run-many -t build)...\n');
  const nx = packageBin('nx');
  const projects = `--projects=${[...APPS.map((app) => app.name), WEB].join(',')}`;
  // The libraries are compiled into each app's bundle from source (tsconfig paths); their own
  // build targets would only duplicate that work.
  const args = [nx, 'run-many', '-t', 'build', '--parallel=2', '--excludeTaskDependencies', projects];
  const code = await runChild('build', process.execPath, args, { cwd: repoRoot, prefix: false, env: nxEnv() });
  if (code !== 0) throw new LaunchError(`Building the apps failed (exit ${code}); see the messages above.`);
  const missing = APPS.filter(({ name }) => !existsSync(distMain(name))).map(({ name }) => name);
  if (!existsSync(webIndex())) missing.push(WEB);
  if (missing.length) throw new LaunchError(`The build left no dist/apps/<app>/main.js for: ${missing.join(', ')}`);
}
