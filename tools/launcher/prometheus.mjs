import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from './paths.mjs';
import { httpOk, portOr, waitFor } from './ports.mjs';
import { isOnPath, onCleanup, spawnChild } from './supervisor.mjs';

/** The suite's alert rules, evaluated by the local Prometheus too (its /alerts page). */
export const ALERT_RULES = fromRoot('deploy', 'prometheus', 'alerts.yml');

/** One job per app, every process of it a target: instance label = host:port. */
export function scrapeConfig(processes, rulesFile = ALERT_RULES) {
  const jobs = new Map();
  for (const { app, port } of processes) jobs.set(app, [...(jobs.get(app) ?? []), `'127.0.0.1:${port}'`]);
  const lines = ['global:', '  scrape_interval: 5s', '  evaluation_interval: 15s', 'rule_files:', `  - '${rulesFile}'`, 'scrape_configs:'];
  for (const [app, targets] of jobs) {
    lines.push(`  - job_name: '${app}'`, '    static_configs:', `      - targets: [${targets.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Starts the `prometheus` of the PATH (Debian: apt-get install prometheus) scraping `processes`,
 * with its config and data in a temporary directory removed on exit. Null when there is none.
 */
export async function startPrometheus(processes) {
  if (!isOnPath('prometheus')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mesa-prometheus-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig(processes));
  const port = await portOr(9090);
  const server = spawnChild('prometheus', 'prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const ready = await waitFor(() => httpOk(`${url}/-/ready`), { timeoutMs: 30_000, gaveUp: () => server.done });
  if (!ready) {
    process.stderr.write('Prometheus did not start; perf-monitor will scrape the apps itself.\n');
    return null;
  }
  return url;
}
