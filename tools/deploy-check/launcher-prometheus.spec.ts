import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { promtool } from './promtool.run';
import { APP_NAMES, fromRoot } from './suite.apps';

/** The scrape configuration `npm start` gives its Prometheus, for every app (two replicas of the services). */
function launcherConfig(): string {
  const script = `
    const { APPS } = await import(${JSON.stringify(fromRoot('tools', 'launcher', 'apps.mjs'))});
    const { scrapeConfig } = await import(${JSON.stringify(fromRoot('tools', 'launcher', 'prometheus.mjs'))});
    let next = 3101;
    const processes = APPS.flatMap((app) =>
      (app.replicable ? [1, 2] : [1]).map((i) => ({ app: app.name, port: i === 1 ? app.port : next++ })),
    );
    process.stdout.write(scrapeConfig(processes));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe("the launcher's Prometheus configuration", () => {
  const text = launcherConfig();
  const config = parse(text) as {
    rule_files: string[];
    scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
  };

  it('scrapes every app under its name, each replica a target', () => {
    const jobs = Object.fromEntries(
      config.scrape_configs.map((j) => [j.job_name, j.static_configs.flatMap((s) => s.targets)]),
    );
    expect(Object.keys(jobs).sort()).toEqual([...APP_NAMES].sort());
    expect(jobs['gateway']).toEqual(['127.0.0.1:3000']);
    expect(jobs['documentos-service']).toEqual(['127.0.0.1:3001', expect.stringMatching(/^127\.0\.0\.1:31\d\d$/)]);
    expect(jobs['perf-monitor']).toEqual(['127.0.0.1:3005']);
  });

  it('is a valid configuration that loads the suite alert rules (promtool)', () => {
    expect(config.rule_files).toEqual([fromRoot('deploy', 'prometheus', 'alerts.yml')]);
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
    try {
      writeFileSync(join(dir, 'prometheus.yml'), text);
      const run = promtool(['check', 'config', 'prometheus.yml'], dir);
      expect(run).toEqual({ status: 0, output: expect.stringMatching(/SUCCESS: [1-9]\d* rules found/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
