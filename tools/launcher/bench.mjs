// npm run bench [-- args]: provisions and migrates like `npm start` (same database, so a large
// `npm run seed` is measured), then runs tools/bench/index.ts with the arguments, or, while there
// is none, every tools/bench/**/*.bench.ts in turn, each as a script with the arguments.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromRoot, repoRoot } from './paths.mjs';
import { newRunId } from './postgres.mjs';
import { provision } from './provision.mjs';
import { LaunchError, main, runChild } from './supervisor.mjs';
import { TS_NODE_ARGS, migrate } from './typescript.mjs';

function benchFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return benchFiles(path);
      return entry.name.endsWith('.bench.ts') ? [path] : [];
    })
    .sort();
}

main(async () => {
  const args = process.argv.slice(2);
  const entry = fromRoot('tools', 'bench', 'index.ts');
  const scripts = existsSync(entry) ? [entry] : benchFiles(fromRoot('tools', 'bench'));
  if (!scripts.length) throw new LaunchError('There is no tools/bench/index.ts nor any tools/bench/**/*.bench.ts to run.');

  const { databaseUrl, redisUrl } = await provision();
  await migrate(databaseUrl);
  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench:${newRunId()}:` };
  let failed = 0;
  for (const script of scripts) {
    const name = relative(repoRoot, script);
    process.stdout.write(`\n== ${name}\n`);
    const code = await runChild(name, process.execPath, [...TS_NODE_ARGS, script, ...args], { cwd: repoRoot, prefix: false, env });
    if (code !== 0) failed++;
  }
  return failed ? 1 : 0;
});
