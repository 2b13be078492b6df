import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { fromRoot } from './suite.apps';

/** A rendered Kubernetes object; the checks read it as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  [field: string]: unknown;
}

export const OVERLAYS = readdirSync(fromRoot('k8s', 'overlays'));

export const objectRef = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;

/** `kubectl kustomize k8s/overlays/<overlay>`: renders offline, no cluster needed. */
export function renderOverlay(overlay: string): KubeObject[] {
  let out: string;
  try {
    out = execFileSync(
      'kubectl',
      ['kustomize', fromRoot('k8s', 'overlays', overlay)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(
        'kubectl is not on the PATH: the Kubernetes checks need it to render the overlays',
      );
    throw new Error(
      `kubectl kustomize k8s/overlays/${overlay} failed:\n${e.stderr ?? e.message}`,
    );
  }
  return parseYamlStream(out);
}

function parseYamlStream(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length)
        throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null);
}

/** The pod template of a workload (Deployment or Job). */
export function podSpecOf(o: KubeObject): PodSpec {
  return (o as unknown as { spec: { template: { spec: PodSpec } } }).spec
    .template.spec;
}

interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }>;
  envFrom?: Array<{
    configMapRef?: { name: string };
    secretRef?: { name: string };
  }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  securityContext?: Record<string, unknown>;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

interface Probe {
  httpGet?: { path: string; port: number | string };
}

export interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  volumes?: Array<{ name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string }; secret?: { secretName: string } }>;
}
