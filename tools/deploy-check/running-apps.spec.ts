import { appEntry, freePort, type ManagedProcess, startProcess, waitUntil } from '@mesa/shared/testing';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readCompose } from './compose.file';
import { readDockerfile } from './dockerfile.parse';
import { OVERLAYS, renderOverlay } from './kustomize.render';
import { ProbeUse, composeProbes, kubernetesProbes } from './probes.collect';
import { baseMetricName, metricNames } from './promql.metrics';
import { APP_NAMES, AppName, fromRoot, SUITE_APPS } from './suite.apps';

const probes: ProbeUse[] = [
  ...OVERLAYS.flatMap((overlay) => kubernetesProbes(renderOverlay(overlay), overlay)),
  ...composeProbes(readCompose(), readDockerfile()),
];

const running = new Map<AppName, ManagedProcess & { url: string }>();

/** Polls `url` until it answers 200 or `timeoutMs` pass; the last status (0: no answer). */
async function statusOf(url: string, timeoutMs: number): Promise<number> {
  let status = 0;
  await waitUntil(
    async () => {
      status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.status,
        () => 0,
      );
      return status === 200;
    },
    { timeoutMs },
  );
  return status;
}

beforeAll(async () => {
  const missing = APP_NAMES.filter((app) => !existsSync(appEntry(app)));
  if (missing.length) {
    throw new Error(
      `dist/apps/{${missing.join(',')}}/main.js missing: build the apps first (npx nx run-many -t build; npm test builds them)`,
    );
  }
  // The environment of the test run (jest global setup): a fresh database, a Redis key prefix.
  for (const app of APP_NAMES) {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const child = startProcess(process.execPath, [appEntry(app)], { env });
    running.set(app, Object.assign(child, { url: `http://127.0.0.1:${port}` }));
  }
});

afterAll(async () => {
  await Promise.all([...running.values()].map((p) => p.stop()));
});

describe('the built apps answer what the deployment files probe', () => {
  it('every probe targets the port the app listens on in that deployment', () => {
    expect(probes.length).toBeGreaterThanOrEqual(APP_NAMES.length * 5);
    for (const p of probes)
      expect({ source: p.source, port: p.port }).toEqual({
        source: p.source,
        port: SUITE_APPS[p.app],
      });
  });

  it.each(APP_NAMES)(
    '%s answers 200 on every probe path',
    async (app) => {
      const served = running.get(app);
      const paths = [...new Set(probes.filter((p) => p.app === app).map((p) => p.path))].sort();
      expect(paths).toEqual(['/health/live', '/health/ready', '/health/startup']);
      // Like the kubelet: a probe may fail while the app starts; it must pass within a while.
      const statuses = await Promise.all(paths.map((path) => statusOf(`${served?.url}${path}`, 30_000)));
      const output = served?.isRunning() ? '' : served?.output();
      expect({ app, statuses, output }).toEqual({
        app,
        statuses: paths.map(() => 200),
        output: '',
      });
    },
    60_000,
  );

  it('exports every metric the alert rules and the dashboard read', async () => {
    const exported = new Set<string>();
    for (const [app, p] of running) {
      expect({
        app,
        metrics: await statusOf(`${p.url}/metrics`, 30_000),
      }).toEqual({ app, metrics: 200 });
      const text = await (await fetch(`${p.url}/metrics`)).text();
      for (const m of text.matchAll(/^# TYPE (\S+) /gm)) exported.add(m[1]);
    }
    const rules = parse(readFileSync(fromRoot('deploy', 'prometheus', 'alerts.yml'), 'utf8')).groups.flatMap(
      (g: { rules: Array<{ expr: string; record?: string }> }) => g.rules,
    );
    const recorded = new Set(rules.flatMap((r: { record?: string }) => (r.record ? [r.record] : [])));
    const dashboard = JSON.parse(
      readFileSync(fromRoot('deploy', 'grafana', 'dashboards', 'mesa-de-partes.json'), 'utf8'),
    );
    const exprs: string[] = [
      ...rules.map((r: { expr: string }) => r.expr),
      ...dashboard.panels.flatMap((p: { targets?: Array<{ expr: string }> }) => (p.targets ?? []).map((t) => t.expr)),
    ];
    const read = new Set(exprs.flatMap((e) => metricNames(e.replace(/\$\w+/g, '5m'))));
    const unknown = [...read].filter(
      (name) => name !== 'up' && !recorded.has(name) && !exported.has(baseMetricName(name)) && !exported.has(name),
    );
    expect(unknown).toEqual([]);
  });
});
