import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fromRoot, repoRoot } from './paths.mjs';
import { LaunchError } from './supervisor.mjs';

/**
 * `npm install` when node_modules is missing or older than package-lock.json. npm writes
 * node_modules/.package-lock.json at the end of every install, so its age is the install's age.
 * Not `npm ci`: with npm 11 here, a lockfile lacks other platforms' optional binaries
 * (@swc/core-darwin-*, ...) even when generated from scratch, and `npm ci` then refuses it as out
 * of sync; `npm install` installs the locked versions all the same.
 */
export function ensureDependencies() {
  const marker = fromRoot('node_modules', '.package-lock.json');
  const lock = fromRoot('package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return false;
  process.stdout.write('Installing dependencies (npm install)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new LaunchError('npm install failed; see the messages above.');
  return true;
}
