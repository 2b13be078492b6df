// node tools/deploy-check/sync-prometheus-rule.mjs
// Writes k8s/base/prometheus-rule.yaml from deploy/prometheus/alerts.yml, so that Kubernetes
// (prometheus-operator) and docker compose evaluate the same rules. Kustomize cannot read files
// outside its folder, hence a copy; the deploy checks fail when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const alerts = readFileSync(
  join(root, 'deploy', 'prometheus', 'alerts.yml'),
  'utf8',
);
const groups = alerts.slice(alerts.indexOf('\ngroups:') + 1);
const header = [
  '# Generated from deploy/prometheus/alerts.yml by tools/deploy-check/sync-prometheus-rule.mjs;',
  '# edit that file and run the script. The thresholds and objectives are explained there.',
  'apiVersion: monitoring.coreos.com/v1',
  'kind: PrometheusRule',
  'metadata:',
  '  name: mesa-de-partes',
  'spec:',
];
const body = groups
  .split('\n')
  .map((line) => (line ? `  ${line}` : line))
  .join('\n');
writeFileSync(
  join(root, 'k8s', 'base', 'prometheus-rule.yaml'),
  `${header.join('\n')}\n${body}`,
);
