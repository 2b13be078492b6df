// npm run bench [-- --quick] [--no-build] [--build] [--documentos N] [--only key,...] [--skip-bus] [--note "..."]
// Provisions PostgreSQL and Redis like `npm start`, builds the apps when their bundles are older
// than the sources (--build always, --no-build never), then runs tools/bench/index.ts with the
// arguments: the bus benchmark, then the suite's, on databases of its own (mesa_bench_<size>,
// loaded once and reused). Results go to bench/results/.
import { existsSync } from 'node:fs';
import { APPS, buildApps, distIsFresh, distMain } from './apps.mjs';
import { fromRoot, repoRoot } from './paths.mjs';
import { newRunId } from './postgres.mjs';
import { provision } from './provision.mjs';
import { LaunchError, main, runChild } from './supervisor.mjs';
import { TS_NODE_ARGS, migrate } from './typescript.mjs';

// Rebuilding dropped indexes on 1M documents outlasts the usual 10 s grace after Ctrl-C.
const STOP_GRACE_MS = 10 * 60_000;

main(async () => {
  const args = process.argv.slice(2);
  const entry = fromRoot('tools', 'bench', 'index.ts');
  if (!existsSync(entry)) throw new LaunchError('tools/bench/index.ts is missing.');

  const { databaseUrl, adminUrl, redisUrl, pgStatStatements } = await provision();
  await migrate(databaseUrl);
  const wantBuild = args.includes('--build') || (!args.includes('--no-build') && !distIsFresh());
  if (wantBuild) {
    try {
      await buildApps();
    } catch (error) {
      // Bundles of an earlier build still measure the suite; say so rather than stop.
      if (!APPS.every(({ name }) => existsSync(distMain(name)))) throw error;
      process.stderr.write(`${error.message}\nMeasuring the existing bundles in dist/apps instead.\n`);
    }
  }
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BENCH_ADMIN_URL: adminUrl,
    BENCH_PG_STAT_STATEMENTS: pgStatStatements ? '1' : '0',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `bench:${newRunId()}:`,
  };
  const passed = args.filter((a) => a !== '--build' && a !== '--no-build');
  return runChild('bench', process.execPath, [...TS_NODE_ARGS, entry, ...passed], {
    cwd: repoRoot,
    prefix: false,
    env,
    graceMs: STOP_GRACE_MS,
  });
});
