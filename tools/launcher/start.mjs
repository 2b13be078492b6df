// npm start [-- --no-build] [-- --replicas N]
// Provisions PostgreSQL and Redis, migrates, seeds demonstration data, builds and starts the six
// apps (and Prometheus when it is on the PATH), prints the URLs. An app that exits is started
// again, with backoff; Ctrl-C stops everything, and so does an app that keeps failing at boot.
import { parseArgs } from 'node:util';
import { APPS, REPLICA_BASE_PORT, buildApps, distIsFresh, distMain } from './apps.mjs';
import { repoRoot } from './paths.mjs';
import { canConnect, httpOk, waitFor } from './ports.mjs';
import { startPrometheus } from './prometheus.mjs';
import { provision } from './provision.mjs';
import { DEV_SEED_PASSWORD, seedPassword } from './seed-password.mjs';
import { LaunchError, main, onCleanup, superviseChild } from './supervisor.mjs';
import { migrate, seed } from './typescript.mjs';

const READY_TIMEOUT_MS = 90_000;

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { 'no-build': { type: 'boolean', default: false }, replicas: { type: 'string', default: '1' } },
    }));
  } catch (error) {
    throw new LaunchError(`${error.message}\nUsage: npm start [-- --no-build] [--replicas N]`);
  }
  const replicas = Number(values.replicas);
  if (!Number.isInteger(replicas) || replicas < 1) throw new LaunchError('--replicas takes a whole number from 1 up.');
  return { build: !values['no-build'], replicas };
}

/** Gateway and perf-monitor once on their ports; every other app `replicas` times, extra ones from 3101. */
function plan(replicas) {
  const processes = [];
  let nextPort = REPLICA_BASE_PORT;
  for (const app of APPS) {
    const count = app.replicable ? replicas : 1;
    for (let i = 1; i <= count; i++) {
      const port = i === 1 ? app.port : nextPort++;
      processes.push({ app: app.name, port, label: i === 1 ? app.name : `${app.name}-${i}` });
    }
  }
  return processes;
}

function printUrls(processes, prometheusUrl, password) {
  const width = Math.max(...processes.map((p) => p.label.length));
  const lines = [
    '',
    'Mesa de Partes is running:',
    `  Web app   http://localhost:3000/`,
    `  API       http://localhost:3000/api/v1`,
    `  API docs  http://localhost:3000/api/docs`,
    ...processes.map(
      (p) => `  ${p.label.padEnd(width)}  http://localhost:${p.port}/health/ready  http://localhost:${p.port}/metrics`,
    ),
  ];
  if (prometheusUrl) lines.push(`  Prometheus  ${prometheusUrl}`);
  if (password === DEV_SEED_PASSWORD) lines.push(`Seeded users' password: ${password} (set SEED_PASSWORD to choose another)`);
  lines.push('Ctrl-C stops everything.', '');
  process.stdout.write(lines.join('\n'));
}

main(async () => {
  const { build, replicas } = options();
  const password = seedPassword();
  const processes = plan(replicas);
  for (const p of processes) {
    if (await canConnect(p.port)) throw new LaunchError(`Port ${p.port} (${p.label}) is in use: is another npm start running?`);
  }
  const { databaseUrl, redisUrl } = await provision();
  await migrate(databaseUrl);
  await seed({ url: databaseUrl, password });
  if (build || !distIsFresh()) await buildApps();

  const prometheusUrl = await startPrometheus(processes);
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    PERF_MONITOR_URL: 'http://127.0.0.1:3005',
    MONITORED_APPS: processes.map((p) => `${p.label}=http://127.0.0.1:${p.port}`).join(','),
    ...(prometheusUrl ? { PROMETHEUS_URL: prometheusUrl } : {}),
  };
  const apps = processes.map((p) =>
    superviseChild(p.label, process.execPath, [distMain(p.app)], {
      cwd: repoRoot,
      env: { ...env, PORT: String(p.port) },
      ready: () => httpOk(`http://127.0.0.1:${p.port}/health/ready`),
    }),
  );
  // All at once: each app drains its own requests, none waits for another's.
  onCleanup(() => Promise.all(apps.map((app) => app.stop())));

  let failure;
  const gaveUp = Promise.race(apps.map((app) => app.gaveUp)).then((reason) => (failure = reason));
  await waitFor(() => apps.every((app) => app.isReady), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 500,
    gaveUp: () => Boolean(failure),
  });
  if (failure) throw new LaunchError(`${failure} Stopping everything.`);
  printUrls(processes, prometheusUrl, password);
  const notReady = apps.filter((app) => !app.isReady);
  if (notReady.length) {
    // Left running: their logs say what they wait for, and they may still get there.
    const names = notReady.map((app) => app.name).join(', ');
    process.stdout.write(`Not ready after ${READY_TIMEOUT_MS / 1000} s: ${names} (see their /health/ready).\n`);
  }
  // An app that dies is restarted (superviseChild); one that keeps failing at boot ends the run.
  throw new LaunchError(`${await gaveUp} Stopping everything.`);
});
