import type { ComposeFile } from './compose.file';
import { DockerInstruction } from './dockerfile.parse';
import { KubeObject, podSpecOf } from './kustomize.render';
import { AppName, isAppName } from './suite.apps';

/** One health check some deployment file makes: which app, which port, which path. */
export interface ProbeUse {
  source: string;
  app: AppName;
  port: number;
  path: string;
}

const HEALTH_PATH = /(\/health\/[a-z]+)/;

/** startup/liveness/readiness probes of the Deployments, named ports resolved. */
export function kubernetesProbes(
  objects: KubeObject[],
  overlay: string,
): ProbeUse[] {
  return objects
    .filter((o) => o.kind === 'Deployment' && isAppName(o.metadata.name))
    .flatMap((o) =>
      podSpecOf(o).containers.flatMap((c) =>
        (['startupProbe', 'livenessProbe', 'readinessProbe'] as const).flatMap(
          (kind) => {
            const get = c[kind]?.httpGet;
            if (!get)
              throw new Error(
                `${overlay}: Deployment/${o.metadata.name} has no HTTP ${kind}`,
              );
            const port =
              typeof get.port === 'number'
                ? get.port
                : (c.ports?.find((p) => p.name === get.port)?.containerPort ??
                  Number.NaN);
            return [
              {
                source: `k8s/${overlay} Deployment/${o.metadata.name} ${kind}`,
                app: o.metadata.name as AppName,
                port,
                path: get.path,
              },
            ];
          },
        ),
      ),
    );
}

/**
 * The healthchecks of the compose services that run an app, and the image's HEALTHCHECK run by
 * the same containers. Both call 127.0.0.1 on the PORT the container gets from compose.
 */
export function composeProbes(
  compose: ComposeFile,
  dockerfile: DockerInstruction[],
): ProbeUse[] {
  const imageCheck =
    dockerfile.find((i) => i.stage === 'runtime' && i.keyword === 'HEALTHCHECK')
      ?.args ?? '';
  return Object.entries(compose.services).flatMap(([app, service]) => {
    if (!isAppName(app)) return [];
    const port = Number(service.environment?.PORT);
    const checks = [
      {
        source: `docker-compose.yml ${app} healthcheck`,
        command: service.healthcheck?.test.join(' ') ?? '',
      },
      { source: `Dockerfile HEALTHCHECK in ${app}`, command: imageCheck },
    ];
    return checks.map(({ source, command }) => {
      const path = HEALTH_PATH.exec(command)?.[1];
      if (!path || !command.includes('process.env.PORT'))
        throw new Error(
          `${source} does not call /health/* on PORT: ${command}`,
        );
      return { source, app, port, path };
    });
  });
}
