import { existsSync } from 'node:fs';
import { fromRoot, repoRoot } from './paths.mjs';
import { LaunchError, runChild } from './supervisor.mjs';

/** Node flags that load the repo's TypeScript (decorators, path aliases) through the root tsconfig.json. */
export const TS_NODE_ARGS = ['-r', '@swc-node/register'];

/**
 * Calls `exportName(argument)` of a TypeScript module (path relative to the repo) in a child
 * process, with `env` added to this process's environment. Fails when the module is missing.
 */
export async function callExport(name, file, exportName, argument, env = {}) {
  if (!existsSync(fromRoot(file))) throw new LaunchError(`${file} does not exist yet; ${name} cannot run.`);
  const args = [...TS_NODE_ARGS, fromRoot('tools', 'launcher', 'call-export.cjs'), file, exportName];
  const childEnv = { ...process.env, ...env };
  if (argument !== undefined) childEnv.CALL_EXPORT_ARGUMENT = JSON.stringify(argument);
  const code = await runChild(name, process.execPath, args, { cwd: repoRoot, env: childEnv });
  if (code !== 0) throw new LaunchError(`${name} failed (exit ${code}); see its output above.`);
}

export const migrate = (databaseUrl) =>
  callExport('migrate', 'libs/db-entities/src/migrate.ts', 'migrateDatabase', databaseUrl, { DATABASE_URL: databaseUrl });

/** `options`: tools/seed/seed.ts's SeedOptions ({ url, password, documentos?, ... }). */
export const seed = (options) => callExport('seed', 'tools/seed/seed.ts', 'seed', options, { DATABASE_URL: options.url });
