import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { metricNames } from './promql.metrics';
import { promtool } from './promtool.run';
import { fromRoot } from './suite.apps';

const promDir = fromRoot('deploy', 'prometheus');
const grafanaDir = fromRoot('deploy', 'grafana');

interface Panel {
  id: number;
  type: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; datasource: { uid: string } }>;
}
const dashboard = JSON.parse(readFileSync(join(grafanaDir, 'dashboards', 'mesa-de-partes.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string }> };
};
const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
/** Grafana's variables as Prometheus would see them after substitution. */
const asPromql = (expr: string) => expr.replace(/\$__rate_interval/g, '5m').replace(/\$job/g, '.*');

describe('Prometheus rules and configuration', () => {
  it('promtool accepts the alert rules', () => {
    const run = promtool(['check', 'rules', 'alerts.yml'], promDir);
    expect(run).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it('the alert rules pass their unit tests (fire on the series they are for, quiet on the rest)', () => {
    const run = promtool(['test', 'rules', 'alerts.test.yml'], promDir);
    expect(run).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it('promtool accepts the compose Prometheus configuration', () => {
    const run = promtool(['check', 'config', 'prometheus.yml'], promDir);
    expect(run).toEqual({
      status: 0,
      output: expect.stringContaining('is valid prometheus config file'),
    });
  });

  it('promtool rejects a rule with a broken expression (the check is real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
    try {
      const rules = parse(readFileSync(join(promDir, 'alerts.yml'), 'utf8'));
      rules.groups[0].rules[0].expr = 'sum by (job) (rate(http_server_request_duration_seconds_count[5m])';
      writeFileSync(join(dir, 'broken.yml'), stringify(rules));
      expect(promtool(['check', 'rules', 'broken.yml'], dir).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has the alerts the suite needs', () => {
    const rules = parse(readFileSync(join(promDir, 'alerts.yml'), 'utf8')).groups.flatMap(
      (g: { rules: object[] }) => g.rules,
    );
    const alert = (name: string) => rules.find((r: { alert?: string }) => r.alert === name)?.expr as string;
    expect(alert('MesaHttp5xxShareHigh')).toContain('job:mesa_http_errors:ratio_rate5m');
    expect(rules.find((r: { record?: string }) => r.record === 'job:mesa_http_slow:ratio_rate5m').expr).toContain(
      'le="0.1"',
    );
    for (const name of [
      'MesaAvailabilityBudgetBurnFast',
      'MesaAvailabilityBudgetBurnSlow',
      'MesaLatencyBudgetBurnFast',
      'MesaLatencyBudgetBurnSlow',
    ]) {
      // Multi-window: a long and a short window each time.
      expect(alert(name).match(/ratio_rate\w+/g)?.length).toBe(4);
    }
    expect(alert('MesaCacheHitRateLow')).toContain('< 0.5');
    expect(alert('MesaQueueBacklog')).toContain('queue_jobs{state=~"waiting|prioritized"}');
    expect(alert('MesaOutboxLag')).toContain('outbox_lag_seconds');
    expect(alert('MesaDocumentosVencidosCreciendo')).toContain('mesa_documentos_vencidos offset 6h');
    expect(alert('MesaDerivacionesVencidasCreciendo')).toContain('derivaciones_vencidas offset 6h');
    expect(alert('MesaDerivacionesPendientesAcumuladas')).toContain('derivaciones_pendientes');
  });
});

describe('Grafana dashboard', () => {
  it('reads from the provisioned Prometheus data source', () => {
    const provisioned = parse(readFileSync(join(grafanaDir, 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'));
    const uid = provisioned.datasources[0].uid;
    const used = new Set(
      dashboard.panels
        .flatMap((p) => [p.datasource?.uid, ...(p.targets ?? []).map((t) => t.datasource.uid)])
        .filter(Boolean),
    );
    expect([...used]).toEqual([uid]);
    expect(provisioned.datasources[0].url).toBe('http://prometheus:9090');
  });

  it('has unique panel ids and defines the variable its queries use', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(exprs.length).toBeGreaterThan(15);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['job']);
  });

  it('queries are valid PromQL (promtool, as recording rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
    try {
      const rules = {
        groups: [
          {
            name: 'dashboard',
            rules: exprs.map((expr, i) => ({
              record: `dashboard:query:${i}`,
              expr: asPromql(expr),
            })),
          },
        ],
      };
      writeFileSync(join(dir, 'dashboard.yml'), stringify(rules));
      const run = promtool(['check', 'rules', 'dashboard.yml'], dir);
      expect(run).toEqual({
        status: 0,
        output: expect.stringContaining(`SUCCESS: ${exprs.length} rules found`),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the metric families the SRE view needs', () => {
    const used = new Set(exprs.flatMap((e) => metricNames(asPromql(e))));
    for (const name of [
      'http_server_request_duration_seconds_bucket',
      'bus_request_duration_seconds_bucket',
      'outbox_lag_seconds',
      'cache_requests_total',
      'db_client_operation_duration_seconds_bucket',
      'queue_jobs',
      'queue_job_duration_seconds_bucket',
      'mesa_documentos_vencidos',
      'mesa_documentos_registrados',
      'derivaciones_pendientes',
      'derivaciones_vencidas',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(used).toContain(name);
    }
  });
});
