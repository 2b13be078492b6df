import { KubeObject, objectRef, podSpecOf } from './kustomize.render';

/** The environment one container of a workload gets, references to ConfigMaps and Secrets resolved. */
export interface ContainerEnv {
  /** Kind/name/container */
  ref: string;
  workload: KubeObject;
  container: string;
  env: Record<string, string>;
  /** Names that refer to a ConfigMap, Secret or key that the render does not contain. */
  dangling: string[];
}

function configData(
  objects: KubeObject[],
  kind: 'ConfigMap' | 'Secret',
  name: string,
): Record<string, string> | undefined {
  const found = objects.find(
    (o) => o.kind === kind && o.metadata.name === name,
  ) as
    | (KubeObject & {
        data?: Record<string, string>;
        stringData?: Record<string, string>;
      })
    | undefined;
  if (!found) return undefined;
  const decoded = Object.fromEntries(
    Object.entries(found.data ?? {}).map(([k, v]) => [
      k,
      kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v,
    ]),
  );
  return { ...decoded, ...(found.stringData ?? {}) };
}

/** Every container of every Deployment and Job, with the environment Kubernetes would give it. */
export function workloadEnvs(objects: KubeObject[]): ContainerEnv[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .flatMap((workload) =>
      podSpecOf(workload).containers.map((c) => {
        const env: Record<string, string> = {};
        const dangling: string[] = [];
        for (const from of c.envFrom ?? []) {
          const source = from.configMapRef
            ? configData(objects, 'ConfigMap', from.configMapRef.name)
            : from.secretRef &&
              configData(objects, 'Secret', from.secretRef.name);
          if (source) Object.assign(env, source);
          else
            dangling.push(
              `envFrom ${from.configMapRef?.name ?? from.secretRef?.name}`,
            );
        }
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          const value = ref
            ? configData(objects, 'Secret', ref.name)?.[ref.key]
            : e.value;
          if (value === undefined) dangling.push(e.name);
          else env[e.name] = value;
        }
        return {
          ref: `${objectRef(workload)}/${c.name}`,
          workload,
          container: c.name,
          env,
          dangling,
        };
      }),
    );
}
