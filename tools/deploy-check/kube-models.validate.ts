import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { KubeObject } from './kustomize.render';
import { repoRoot } from './suite.apps';

/**
 * Runs kubernetes-models' validate() on every object (in a child node process: the packages are
 * ESM-only). It checks value types, formats and required fields, not unknown fields: that is
 * typeCheckObjects' job. Returns one message per invalid object.
 */
export function validateWithModels(objects: KubeObject[]): string[] {
  const out = execFileSync(
    process.execPath,
    [join(__dirname, 'kube-models.validate-child.mjs')],
    {
      cwd: repoRoot,
      input: JSON.stringify(objects),
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as string[];
}
