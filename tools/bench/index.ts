/**
 * npm run bench [-- --quick] [--documentos N] [--only key,key] [--skip-bus] [--note "..."]
 *
 * Run by tools/launcher/bench.mjs once PostgreSQL and Redis are there and the apps are built.
 * First the bus benchmark (tools/bench/bus), then the suite's: datasets loaded or reused, the
 * ceilings, every scenario through the gateway under the optimised and the baseline
 * configuration, the scaling curve, memory. Writes bench/results/<date>.{json,md} and
 * bench/results/latest.{json,md}.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBenchmark, runCleanups, runId, writeResults } from './suite/suite';
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceBetweenMarkers, toMarkdown, toReadmeBlock } from './suite/results';

const repoRoot = resolve(__dirname, '..', '..');

function runBusBenchmark(quick: boolean): Promise<number> {
  const args = [
    '-r',
    '@swc-node/register',
    join(repoRoot, 'tools/bench/bus/bus.bench.ts'),
    ...(quick ? ['--requests=5000', '--rounds=3', '--warmup=500'] : []),
  ];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'inherit', env: process.env });
    child.on('exit', (code) => done(code ?? 1));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      documentos: { type: 'string' },
      only: { type: 'string' },
      'skip-bus': { type: 'boolean', default: false },
      note: { type: 'string' },
    },
    // The launcher passes every argument through; unknown ones are the bus benchmark's.
    strict: false,
  });
  const quick = values.quick === true;
  const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const t0 = Date.now();
  const log = (line: string) => {
    const s = Math.round((Date.now() - t0) / 1000);
    process.stdout.write(
      `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}\n`,
    );
  };

  let busOk: boolean | null = null;
  if (!values['skip-bus']) {
    log('\n== Bus benchmark (tools/bench/bus)');
    busOk = (await runBusBenchmark(quick)) === 0;
  }

  log('\n== Suite benchmark');
  const documentos = typeof values.documentos === 'string' ? Number(values.documentos) : undefined;
  if (documentos !== undefined && !(Number.isInteger(documentos) && documentos >= 1000))
    throw new Error('--documentos takes a whole number ≥ 1000');
  const result = await runBenchmark({
    quick,
    adminUrl,
    redisUrl,
    redisKeyPrefix: `${process.env.REDIS_KEY_PREFIX ?? 'bench:'}${runId()}:`,
    password: process.env.SEED_PASSWORD || 'mesa-dev-2026',
    repoRoot,
    documentos,
    only: typeof values.only === 'string' ? new Set(values.only.split(',')) : undefined,
    note: typeof values.note === 'string' ? values.note : undefined,
    pgStatStatements: process.env.BENCH_PG_STAT_STATEMENTS === '1',
    log,
  });
  if (busOk !== null) result.bus = busOk ? 'bench/results/bus-latest.json' : null;
  const written = writeResults(result, join(repoRoot, 'bench', 'results'));
  log(`\n${toMarkdown(result)}`);
  log(`Written: ${written.map((f) => `bench/results/${f}`).join(', ')}`);
  // The README's Performance section shows the latest run between its markers.
  const readme = join(repoRoot, 'README.md');
  const before = readFileSync(readme, 'utf8');
  const after = replaceBetweenMarkers(before, toReadmeBlock(result));
  if (after !== before) {
    writeFileSync(readme, after);
    log('README.md: Performance section updated.');
  }
  return busOk === false ? 1 : 0;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: restoring indexes and stopping the apps...\n`);
    void runCleanups().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await runCleanups();
    process.exit(code);
  },
  async (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    await runCleanups();
    process.exit(1);
  },
);
