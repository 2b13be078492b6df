// npm test [-- --no-build] [-- <jest arguments>]
// Installs the Debian programs the tests run when they are missing (as root), provisions
// PostgreSQL and Redis, creates and migrates a fresh database for this run, builds the apps
// (end-to-end tests start dist/apps/*), runs every Jest project, then drops the database, removes
// the run's Redis keys and stops what it started. Exits with Jest's code.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApps, nxEnv } from './apps.mjs';
import { packageBin, repoRoot } from './paths.mjs';
import { dropStaleTestDatabases, newRunId } from './postgres.mjs';
import { provision } from './provision.mjs';
import { removeRedisKeys } from './redis.mjs';
import { TEST_PROGRAMS } from './system-packages.mjs';
import { main, onCleanup, runChild } from './supervisor.mjs';
import { migrate } from './typescript.mjs';

/** Jest's own summary is above; this line is the plain count that CI reads. */
function printCount(resultsFile) {
  if (!existsSync(resultsFile)) return;
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  // A suite that failed to load ran no test but is a failure all the same.
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const skipped = results.numPendingTests + results.numTodoTests;
  process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
}

main(async () => {
  const args = process.argv.slice(2);
  const build = !args.includes('--no-build');
  const jestArgs = args.filter((arg) => arg !== '--no-build');

  const runId = newRunId();
  const database = `mesa_test_${runId}`;
  const { databaseUrl, adminUrl, redisUrl } = await provision({ database, temporary: true, programs: TEST_PROGRAMS });
  const redisKeyPrefix = `test:${runId}:`;
  onCleanup(() => removeRedisKeys(redisUrl, redisKeyPrefix).then(() => undefined));
  const stale = await dropStaleTestDatabases(adminUrl);
  if (stale.length) process.stdout.write(`Dropped ${stale.length} test database(s) left over from runs a day old or more.\n`);
  await migrate(databaseUrl);
  if (build) await buildApps();

  const ownReport = !jestArgs.some((arg) => arg.startsWith('--json') || arg.startsWith('--outputFile'));
  const resultsFile = join(tmpdir(), `mesa-jest-${runId}.json`);
  if (ownReport) onCleanup(() => rmSync(resultsFile, { force: true }));
  const jest = packageBin('jest');
  const report = ownReport ? ['--json', `--outputFile=${resultsFile}`] : [];
  // A test that leaks a handle must not hold the run (and CI) until its time limit; Jest still
  // prints a warning about it.
  const code = await runChild(
    'jest',
    process.execPath,
    [jest, '-c', 'jest.config.ts', '--forceExit', ...report, ...jestArgs],
    {
      cwd: repoRoot,
      prefix: false,
      env: {
        ...nxEnv(),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        MESA_TEST_PROVISIONED: '1',
        MESA_TEST_DATABASE: database,
        TEST_ADMIN_DATABASE_URL: adminUrl,
      },
    },
  );
  if (ownReport) printCount(resultsFile);
  return code;
});
