// Programs the tests run that npm cannot provide: Debian's packages, installed here when the
// launcher runs as root, as it provides PostgreSQL and Redis; otherwise the one command to run.
import { isOnPath, LaunchError, spawnChild } from './supervisor.mjs';

/** What `npm test` runs, by program, with the Debian package that provides it. */
export const TEST_PROGRAMS = {
  // Tests that stop and restart a Redis of their own.
  'redis-server': 'redis-server',
  // A real Prometheus scraping the apps, and promtool for the alert rules.
  prometheus: 'prometheus',
  promtool: 'prometheus',
  // perf-monitor's page, headless.
  chromium: 'chromium',
};

const isRoot = () => process.getuid?.() === 0;

async function apt(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = await spawnChild('apt-get', 'apt-get', args, { env, quiet: true }).exited;
  if (run.error) throw new LaunchError(`Could not run apt-get: ${run.error.message}`);
  if (run.exitCode !== 0) {
    throw new LaunchError(`apt-get ${args.join(' ')} failed (exit ${run.exitCode ?? run.exitSignal}):\n${run.tail.join('\n')}`);
  }
}

/**
 * Installs the packages of the `programs` ({ program: package }) missing from the PATH; gives the
 * packages it installed.
 */
export async function ensurePrograms(programs) {
  const missing = Object.keys(programs).filter((program) => !isOnPath(program));
  const packages = [...new Set(missing.map((program) => programs[program]))];
  if (!packages.length) return [];
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  if (!isRoot()) {
    throw new LaunchError(
      `The tests need ${missing.join(', ')}, which ${packages.length > 1 ? 'are' : 'is'} not on the PATH. Install ${packages.length > 1 ? 'them' : 'it'} (Debian/Ubuntu):\n` +
        `  sudo apt-get ${install.join(' ')}`,
    );
  }
  process.stdout.write(`Installing ${packages.join(', ')} (apt-get) for ${missing.join(', ')}...\n`);
  await apt(['update', '-q']);
  await apt(['-q', ...install]);
  const still = missing.filter((program) => !isOnPath(program));
  if (still.length) throw new LaunchError(`apt-get installed ${packages.join(', ')}, yet ${still.join(', ')} is not on the PATH.`);
  return packages;
}
