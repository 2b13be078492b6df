import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateWithModels } from './kube-models.validate';
import { typeCheckObjects } from './kube-types.check';
import { KubeObject, objectRef, OVERLAYS, podSpecOf, renderOverlay } from './kustomize.render';
import { APP_NAMES, fromRoot, SUITE_APPS } from './suite.apps';

const rendered = new Map<string, KubeObject[]>();
const all = () => [...rendered.values()].flat();
const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: KubeObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
// Assertions read the rendered specs as loose JSON; the strict typing is typeCheckObjects' job.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = Record<string, any>;
const spec = (o: KubeObject | undefined) => (o as unknown as { spec: Spec } | undefined)?.spec ?? {};

/** A copy of the prod gateway Deployment with one misspelt container field. */
function misspeltDeployment(): KubeObject {
  const copy = structuredClone(named(rendered.get('prod') ?? [], 'Deployment', 'gateway')) as KubeObject;
  copy.metadata.name = 'gateway-misspelt';
  const container = podSpecOf(copy).containers[0] as unknown as Record<string, unknown>;
  container.imagee = container.image;
  delete container.image;
  return copy;
}

beforeAll(() => {
  for (const overlay of OVERLAYS) rendered.set(overlay, renderOverlay(overlay));
});

describe('Kubernetes overlays', () => {
  it('dev and prod render the whole suite', () => {
    expect(OVERLAYS.sort()).toEqual(['dev', 'prod']);
    for (const [overlay, objects] of rendered) {
      for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
        expect({
          overlay,
          kind,
          names: ofKind(objects, kind)
            .map((o) => o.metadata.name)
            .filter((n) => n in SUITE_APPS)
            .sort(),
        }).toEqual({
          overlay,
          kind,
          names: [...APP_NAMES].sort(),
        });
      }
      expect(ofKind(objects, 'Job').map((o) => o.metadata.name)).toEqual(['mesa-migrate']);
      for (const kind of ['ConfigMap', 'ServiceMonitor', 'PrometheusRule', 'Namespace'])
        expect(ofKind(objects, kind)).toHaveLength(1);
      // The suite's secrets, the gateway's signing key (mounted by the gateway only), the
      // institution's certificate (documentos-service only), and one per app with its own Redis
      // user's URLs.
      expect(ofKind(objects, 'Secret').map((o) => o.metadata.name).sort()).toEqual(
        ['mesa-secrets', 'mesa-gateway-secrets', 'mesa-firma-secrets', ...APP_NAMES.map((app) => `mesa-redis-${app}`)].sort(),
      );
      // Every namespaced object lands in the overlay's namespace.
      const ns = ofKind(objects, 'Namespace')[0].metadata.name;
      expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== ns).map(objectRef)).toEqual([]);
    }
  });

  describe('strict validation of every rendered object', () => {
    let typeProblems: string[];
    beforeAll(() => {
      // One compiler run for both overlays and the misspelt copy (each run costs seconds).
      typeProblems = typeCheckObjects([...all(), misspeltDeployment()]);
    });

    it('has no unknown field at any depth (typed object literals against kubernetes-models types)', () => {
      expect(typeProblems.filter((p) => !p.startsWith('Deployment/gateway-misspelt:'))).toEqual([]);
    });

    it('rejects a Deployment with `imagee:` instead of `image:`', () => {
      const problems = typeProblems.filter((p) => p.startsWith('Deployment/gateway-misspelt:'));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/'"imagee"' does not exist in type 'IContainer'/);
    });

    it("passes the models' validate() (types, formats, required fields), which rejects a bad value", () => {
      const badPort = structuredClone(named(all(), 'Deployment', 'gateway')) as KubeObject;
      badPort.metadata.name = 'gateway-bad-port';
      (podSpecOf(badPort).containers[0].ports ?? [])[0].containerPort = 'http' as unknown as number;
      const problems = validateWithModels([...all(), badPort]);
      expect(problems.filter((p) => !p.startsWith('Deployment/gateway-bad-port:'))).toEqual([]);
      expect(problems).toEqual([
        expect.stringMatching(/^Deployment\/gateway-bad-port: .*containerPort must be integer/),
      ]);
    });
  });
});

describe.each(['dev', 'prod'])('the %s overlay', (overlay) => {
  const objects = () => rendered.get(overlay) ?? [];
  const deployments = () => ofKind(objects(), 'Deployment');

  it('gives each app its port, probes, resources, graceful stop and a locked-down container', () => {
    for (const d of deployments()) {
      const app = d.metadata.name as keyof typeof SUITE_APPS;
      const pod = podSpecOf(d);
      const [c] = pod.containers;
      expect({
        app,
        image: c.image.split(':')[0],
        port: c.ports,
        PORT: c.env?.find((e) => e.name === 'PORT')?.value,
      }).toEqual({
        app,
        image: `mesa/${app}`,
        port: [{ name: 'http', containerPort: SUITE_APPS[app] }],
        PORT: String(SUITE_APPS[app]),
      });
      expect([c.startupProbe?.httpGet, c.livenessProbe?.httpGet, c.readinessProbe?.httpGet]).toEqual([
        { path: '/health/startup', port: 'http' },
        { path: '/health/live', port: 'http' },
        { path: '/health/ready', port: 'http' },
      ]);
      for (const kind of ['requests', 'limits'] as const)
        expect(Object.keys(c.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
      const sleep = Number(c.lifecycle?.preStop?.exec?.command.join(' ').match(/^sleep (\d+)$/)?.[1]);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(sleep);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
      });
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });

  it('mounts only /tmp and STORAGE_DIR writable: the shared claim where files must outlive a pod, else emptyDir (and the certificate read-only)', () => {
    const storageDir = (
      named(objects(), 'ConfigMap', 'mesa-config') as unknown as {
        data: Record<string, string>;
      }
    ).data.STORAGE_DIR;
    const keepsFiles = new Set(['gateway', 'documentos-service', 'reportes-worker']);
    expect(named(objects(), 'PersistentVolumeClaim', 'mesa-storage')).toMatchObject({
      spec: { accessModes: ['ReadWriteMany'] },
    });
    for (const workload of [...deployments(), ...ofKind(objects(), 'Job')]) {
      const pod = podSpecOf(workload);
      const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
      const mounts = (pod.containers[0].volumeMounts ?? []).map((m) => {
        const v = volumes.get(m.name);
        const source = v?.emptyDir
          ? 'emptyDir'
          : v?.persistentVolumeClaim
            ? `claim:${v.persistentVolumeClaim.claimName}`
            : v?.secret && m.readOnly
              ? `secret:${v.secret.secretName} read-only`
              : 'other';
        return `${m.mountPath} ${source}`;
      });
      const name = workload.metadata.name;
      const expected =
        workload.kind === 'Job'
          ? ['/tmp emptyDir']
          : [
              '/tmp emptyDir',
              `${storageDir} ${keepsFiles.has(name) ? 'claim:mesa-storage' : 'emptyDir'}`,
              ...(name === 'documentos-service' ? ['/var/run/mesa/firma secret:mesa-firma-secrets read-only'] : []),
            ];
      expect({ workload: objectRef(workload), mounts }).toEqual({ workload: objectRef(workload), mounts: expected });
    }
  });

  it('has a Service, a PodDisruptionBudget (maxUnavailable 1) and, for the gateway and services, an HPA per app', () => {
    for (const d of deployments()) {
      const podLabels = spec(d).template.metadata.labels;
      const service = spec(named(objects(), 'Service', d.metadata.name));
      expect(service.ports).toEqual([
        {
          name: 'http',
          port: SUITE_APPS[d.metadata.name as keyof typeof SUITE_APPS],
          targetPort: 'http',
        },
      ]);
      expect(podLabels).toMatchObject(service.selector);
      const pdb = spec(named(objects(), 'PodDisruptionBudget', d.metadata.name));
      expect(pdb.maxUnavailable).toBe(1);
      expect(podLabels).toMatchObject(pdb.selector.matchLabels);
    }
    const hpas = ofKind(objects(), 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => [h.apiVersion, spec(h).scaleTargetRef.name]).sort()).toEqual(
      ['derivaciones-service', 'documentos-service', 'gateway', 'integraciones-service'].map((n) => [
        'autoscaling/v2',
        n,
      ]),
    );
    // A Deployment the HPA scales carries no replicas of its own: every apply would reset them.
    for (const h of hpas)
      expect(spec(named(objects(), 'Deployment', spec(h).scaleTargetRef.name)).replicas).toBeUndefined();
  });

  it('keeps PostgreSQL and Redis outside: ExternalName services, no StatefulSet', () => {
    expect(ofKind(objects(), 'StatefulSet')).toEqual([]);
    for (const name of ['postgres', 'redis-queue', 'redis-cache'])
      expect(spec(named(objects(), 'Service', name)).type).toBe('ExternalName');
  });

  it('denies all traffic by default and opens only what the suite needs', () => {
    const policies = ofKind(objects(), 'NetworkPolicy').map((p) => ({
      name: p.metadata.name,
      ...spec(p),
    }));
    expect(policies.find((p) => p.name === 'default-deny')).toMatchObject({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    // Ingress open to any source exists for the gateway only.
    const openIngress = policies.filter((p) => (p.ingress ?? []).some((rule: Spec) => !rule.from));
    expect(openIngress.map((p) => p.podSelector)).toEqual([{ matchLabels: { 'app.kubernetes.io/name': 'gateway' } }]);
    const dns = policies.find((p) => p.name === 'allow-dns');
    expect(dns?.podSelector).toEqual({});
    expect(dns?.egress[0].ports).toEqual(expect.arrayContaining([{ protocol: 'UDP', port: 53 }]));
    const egressPorts = (name: string) =>
      policies.find((p) => p.name === name)?.egress.flatMap((r: Spec) => r.ports.map((x: Spec) => x.port));
    expect([egressPorts('egress-postgres'), egressPorts('egress-redis')]).toEqual([[5432], [6379]]);
    const scrape = policies.find((p) => p.name === 'prometheus-scrapes-apps');
    expect(scrape?.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/part-of': 'mesa-de-partes' },
    });
  });

  it('scrapes every app through the ServiceMonitor', () => {
    const monitor = spec(ofKind(objects(), 'ServiceMonitor')[0]);
    expect(monitor.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    const selected = ofKind(objects(), 'Service').filter(
      (s) =>
        Object.entries(monitor.selector.matchLabels as Record<string, string>).every(
          ([k, v]) => s.metadata.labels?.[k] === v,
        ) &&
        (monitor.selector.matchExpressions as Array<{ key: string }>).every(
          (e) => s.metadata.labels?.[e.key] !== undefined,
        ),
    );
    expect(selected.map((s) => s.metadata.name).sort()).toEqual([...APP_NAMES].sort());
  });

  it('embeds deploy/prometheus/alerts.yml unchanged in the PrometheusRule', () => {
    const alerts = parse(readFileSync(fromRoot('deploy', 'prometheus', 'alerts.yml'), 'utf8'));
    // On failure: node tools/deploy-check/sync-prometheus-rule.mjs
    expect(spec(ofKind(objects(), 'PrometheusRule')[0]).groups).toEqual(alerts.groups);
  });
});

describe('production', () => {
  it('runs at least two replicas of every app', () => {
    const objects = rendered.get('prod') ?? [];
    for (const d of ofKind(objects, 'Deployment')) {
      const hpa = named(objects, 'HorizontalPodAutoscaler', d.metadata.name);
      const least = hpa ? spec(hpa).minReplicas : spec(d).replicas;
      expect({ app: d.metadata.name, least: least >= 2 }).toEqual({
        app: d.metadata.name,
        least: true,
      });
    }
  });

  it.each(['mesa-secrets', 'mesa-gateway-secrets', 'mesa-firma-secrets', ...APP_NAMES.map((app) => `mesa-redis-${app}`)])(
    'ships placeholders only in its Secret %s',
    (name) => {
      const secret = named(rendered.get('prod') ?? [], 'Secret', name) as unknown as {
        stringData: Record<string, string>;
        data?: object;
      };
      expect(secret.data).toBeUndefined();
      expect(new Set(Object.values(secret.stringData))).toEqual(new Set(['REPLACE_ME']));
    },
  );

  it("gives each app its own Redis user's URLs, and only that app", () => {
    for (const overlay of ['dev', 'prod']) {
      for (const d of ofKind(rendered.get(overlay) ?? [], 'Deployment')) {
        const refs = (podSpecOf(d).containers[0].envFrom ?? []).flatMap((f) => (f.secretRef ? [f.secretRef.name] : []));
        expect({ overlay, app: d.metadata.name, redis: refs.filter((r) => r.startsWith('mesa-redis-')) }).toEqual({
          overlay,
          app: d.metadata.name,
          redis: [`mesa-redis-${d.metadata.name}`],
        });
      }
    }
    for (const app of APP_NAMES) {
      const urls = (named(rendered.get('dev') ?? [], 'Secret', `mesa-redis-${app}`) as unknown as { stringData: Record<string, string> }).stringData;
      for (const url of Object.values(urls)) expect(new URL(url).username).toBe(app);
    }
  });
});
