import { DEV_JWT_PRIVATE_KEY, DEV_JWT_PUBLIC_KEY } from '@mesa/shared/auth';
import { DEV_ENCRYPTION_KEY, EnvSchema, loadConfig } from '@mesa/shared/config';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readCompose } from './compose.file';
import { envNamesOf, readDockerfile } from './dockerfile.parse';
import { renderOverlay } from './kustomize.render';
import { REDIS_PASSWORD_VARIABLES } from './redis-acl.vars';
import { APP_NAMES, isAppName } from './suite.apps';
import { ContainerEnv, workloadEnvs } from './workload-env.collect';

const DECLARED = new Set(Object.keys(new EnvSchema()));
const REQUIRED_IN_PRODUCTION = [
  'ENCRYPTION_KEY',
  'TRACKING_CODE_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
];
/** The token keys: the gateway alone signs; perf-monitor verifies. documentos-service signs receipts. */
const REQUIRED_BY_APP: Record<string, string[]> = {
  gateway: ['JWT_PRIVATE_KEY'],
  'documentos-service': ['FIRMA_P12_PATH', 'FIRMA_P12_PASSWORD'],
  'perf-monitor': ['JWT_PUBLIC_KEY'],
};
const required = (app: string) => [...REQUIRED_IN_PRODUCTION, ...(REQUIRED_BY_APP[app] ?? [])];
const undeclared = (names: string[]) => names.filter((n) => !DECLARED.has(n));
const unset = (env: Record<string, string | undefined>, names: string[]) =>
  names.filter((n) => !env[n]);

const tokenKeys = generateKeyPairSync('ed25519');
/** Well-formed production values for the secrets the templates leave as placeholders. */
const realSecrets = {
  DATABASE_URL: 'postgres://mesa:s3cret@postgres:5432/mesa',
  REDIS_URL: 'redis://redis-queue:6379',
  QUEUE_REDIS_URL: 'redis://redis-queue:6379',
  CACHE_REDIS_URL: 'redis://redis-cache:6379',
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  TRACKING_CODE_SECRET: randomBytes(48).toString('base64'),
  JWT_PUBLIC_KEY: tokenKeys.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
};
const realPrivateKey = tokenKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** What docker compose makes of `${VAR:?message}` and `${VAR:-default}` given `vars`. */
const interpolate = (value: string, vars: Record<string, string>) =>
  value.replace(
    /\$\{(\w+)(?::[?-]([^}]*))?\}/g,
    (_, name: string, fallback = '') => vars[name] ?? fallback,
  );

describe('environment variables of the manifests', () => {
  const overlays = {
    dev: workloadEnvs(renderOverlay('dev')),
    prod: workloadEnvs(renderOverlay('prod')),
  };
  const apps = (envs: ContainerEnv[]) =>
    envs.filter(
      (e) =>
        e.workload.kind === 'Deployment' && isAppName(e.workload.metadata.name),
    );

  it.each(Object.keys(overlays) as Array<keyof typeof overlays>)(
    '%s: every variable is an EnvSchema property and resolves',
    (overlay) => {
      const envs = overlays[overlay];
      expect(apps(envs)).toHaveLength(APP_NAMES.length);
      for (const e of envs) {
        expect({
          ref: e.ref,
          undeclared: undeclared(Object.keys(e.env)),
          dangling: e.dangling,
        }).toEqual({ ref: e.ref, undeclared: [], dangling: [] });
      }
      if (overlay === 'prod')
        for (const e of apps(envs))
          expect({
            ref: e.ref,
            unset: unset(e.env, required(e.workload.metadata.name)),
          }).toEqual({ ref: e.ref, unset: [] });
      const migrate = envs.find((e) => e.workload.kind === 'Job');
      expect(Object.keys(migrate?.env ?? {})).toEqual(['DATABASE_URL']);
    },
  );

  it('notices a variable the apps do not read', () => {
    const [gateway] = apps(overlays.prod);
    expect(
      undeclared([...Object.keys(gateway.env), 'NODE_OPTIONS', 'JWT_SECRET']),
    ).toEqual(['NODE_OPTIONS', 'JWT_SECRET']);
  });

  it.each(Object.keys(overlays) as Array<keyof typeof overlays>)(
    '%s: no workload but the gateway gets the token signing key',
    (overlay) => {
      const holders = overlays[overlay]
        .filter((e) => 'JWT_PRIVATE_KEY' in e.env)
        .map((e) => e.ref);
      expect(holders).toEqual(overlay === 'prod' ? ['Deployment/gateway/gateway'] : []);
    },
  );

  it('dev: every app starts with the configuration it gets', () => {
    for (const e of apps(overlays.dev))
      expect(() => loadConfig(e.env)).not.toThrow();
  });

  it('prod: the placeholders stop every app with a message naming them; real values pass', () => {
    for (const e of apps(overlays.prod)) {
      expect(e.env.NODE_ENV).toBe('production');
      expect(() => loadConfig(e.env)).toThrow(
        /DATABASE_URL[\s\S]*REDIS_URL[\s\S]*TRACKING_CODE_SECRET[\s\S]*ENCRYPTION_KEY[\s\S]*JWT_PUBLIC_KEY/,
      );
      const real = {
        ...e.env,
        ...realSecrets,
        ...('JWT_PRIVATE_KEY' in e.env ? { JWT_PRIVATE_KEY: realPrivateKey } : {}),
      };
      expect(() => loadConfig(real)).not.toThrow();
    }
  });
});

describe('environment variables of docker compose and the image', () => {
  const services = readCompose().services;
  const suite = [...APP_NAMES, 'migrate'];
  const dotEnv = {
    POSTGRES_PASSWORD: 's3cret',
    // As .env.example says: one line, \n for the line breaks.
    JWT_PRIVATE_KEY: realPrivateKey.replace(/\n/g, '\\n'),
    JWT_PUBLIC_KEY: realSecrets.JWT_PUBLIC_KEY.replace(/\n/g, '\\n'),
    ENCRYPTION_KEY: realSecrets.ENCRYPTION_KEY,
    TRACKING_CODE_SECRET: realSecrets.TRACKING_CODE_SECRET,
    FIRMA_P12_FILE: './institucion.p12',
    FIRMA_P12_PASSWORD: 'clave-del-p12',
    ...Object.fromEntries(Object.values(REDIS_PASSWORD_VARIABLES).map((v) => [v, randomBytes(32).toString('hex')])),
  };
  const envOf = (service: string, vars: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(services[service].environment ?? {}).map(([k, v]) => [
        k,
        interpolate(String(v), vars),
      ]),
    );

  it('sets only EnvSchema properties, and every app gets the ones production requires', () => {
    for (const service of suite) {
      expect({
        service,
        undeclared: undeclared(
          Object.keys(services[service].environment ?? {}),
        ),
      }).toEqual({ service, undeclared: [] });
    }
    for (const app of APP_NAMES)
      expect({
        app,
        unset: unset(envOf(app, dotEnv), required(app)),
      }).toEqual({ app, unset: [] });
    const holders = APP_NAMES.filter((app) => 'JWT_PRIVATE_KEY' in envOf(app, dotEnv));
    expect(holders).toEqual(['gateway']);
  });

  it('starts every app in production mode with a filled .env, and refuses the development secrets', () => {
    for (const app of APP_NAMES) {
      expect(loadConfig(envOf(app, dotEnv)).NODE_ENV).toBe('production');
      const devSecrets = envOf(app, {
        ...dotEnv,
        JWT_PRIVATE_KEY: DEV_JWT_PRIVATE_KEY,
        JWT_PUBLIC_KEY: DEV_JWT_PUBLIC_KEY,
        ENCRYPTION_KEY: DEV_ENCRYPTION_KEY,
      });
      expect(() => loadConfig(devSecrets)).toThrow(
        /ENCRYPTION_KEY: the development key is refused/,
      );
      expect(() => loadConfig(devSecrets)).toThrow(
        app === 'gateway'
          ? /JWT_PRIVATE_KEY: the development key is refused[\s\S]*JWT_PUBLIC_KEY: the development key is refused/
          : /JWT_PUBLIC_KEY: the development key is refused/,
      );
    }
  });

  it('sets only EnvSchema properties in the runtime image', () => {
    const names = envNamesOf(readDockerfile(), 'runtime');
    expect(names).toEqual(
      expect.arrayContaining(['NODE_ENV', 'PORT', 'STORAGE_DIR']),
    );
    expect(undeclared(names)).toEqual([]);
  });
});
