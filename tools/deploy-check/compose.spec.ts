import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  composeSchemaErrors,
  composeSchemaValidator,
  readCompose,
} from './compose.file';
import { readDockerfile, stagesOf } from './dockerfile.parse';
import { REDIS_PASSWORD_VARIABLES } from './redis-acl.vars';
import { APP_NAMES, fromRoot, SUITE_APPS } from './suite.apps';

const compose = readCompose();
const services = compose.services;
const argsOf = (command: string[] | undefined) => (command ?? []).join(' ');

describe('docker-compose.yml', () => {
  const validate = composeSchemaValidator();

  it('validates against the Compose Specification schema', () => {
    expect(composeSchemaErrors(compose, validate)).toEqual([]);
  });

  it('fails that schema with a misspelt service field', () => {
    const text = readFileSync(fromRoot('docker-compose.yml'), 'utf8').replace(
      'image: mesa/gateway:',
      'imagee: mesa/gateway:',
    );
    expect(composeSchemaErrors(readCompose(text), validate)).toEqual([
      expect.stringMatching(
        /^\/services\/gateway must NOT have additional properties .*"imagee"/,
      ),
    ]);
  });

  it('preloads pg_stat_statements in PostgreSQL', () => {
    expect(services.postgres.command).toEqual(
      expect.arrayContaining(['shared_preload_libraries=pg_stat_statements']),
    );
    expect(services.postgres.healthcheck).toBeDefined();
  });

  it('gives the queues and the bus a Redis that never evicts and keeps an AOF, and the cache one that evicts', () => {
    expect(argsOf(services['redis-queue'].command)).toMatch(
      /--maxmemory-policy noeviction .*--appendonly yes --appendfsync everysec/,
    );
    expect(argsOf(services['redis-cache'].command)).toMatch(
      /--maxmemory \S+ --maxmemory-policy allkeys-lru/,
    );
    for (const app of APP_NAMES) {
      const env = services[app].environment ?? {};
      expect({
        app,
        bus: env.REDIS_URL,
        queue: env.QUEUE_REDIS_URL,
        cache: env.CACHE_REDIS_URL,
      }).toEqual({
        app,
        bus: `redis://${app}:\${${REDIS_PASSWORD_VARIABLES[app]}:?set ${REDIS_PASSWORD_VARIABLES[app]} in .env}@redis-queue:6379`,
        queue: `redis://${app}:\${${REDIS_PASSWORD_VARIABLES[app]}:?set ${REDIS_PASSWORD_VARIABLES[app]} in .env}@redis-queue:6379`,
        cache: `redis://${app}:\${${REDIS_PASSWORD_VARIABLES[app]}:?set ${REDIS_PASSWORD_VARIABLES[app]} in .env}@redis-cache:6379`,
      });
    }
  });

  it('starts both Redis servers with the ACL of deploy/redis/acl.mjs, written from every app password of .env', () => {
    const acl = services['redis-acl'];
    expect(acl.command).toEqual(['node', '/opt/acl/acl.mjs', '--out', '/etc/redis-acl/users.acl']);
    expect(acl.volumes).toEqual(['./deploy/redis/acl.mjs:/opt/acl/acl.mjs:ro', 'redis-acl:/etc/redis-acl']);
    expect(acl.environment?.REDIS_KEY_PREFIX).toBe('mesa:');
    const dotEnvExample = readFileSync(fromRoot('.env.example'), 'utf8');
    for (const variable of Object.values(REDIS_PASSWORD_VARIABLES)) {
      expect({ variable, compose: acl.environment?.[variable] }).toEqual({ variable, compose: `\${${variable}:?set ${variable} in .env}` });
      expect({ variable, listed: new RegExp(`^${variable}=$`, 'm').test(dotEnvExample) }).toEqual({ variable, listed: true });
    }
    for (const redis of ['redis-queue', 'redis-cache']) {
      expect(argsOf(services[redis].command)).toMatch(/^redis-server --aclfile \/etc\/redis-acl\/users\.acl /);
      expect(services[redis].volumes).toContain('redis-acl:/etc/redis-acl:ro');
      expect(services[redis].depends_on?.['redis-acl']).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('migrates once before any app starts', () => {
    expect(services.migrate.build).toEqual({ context: '.', target: 'migrate' });
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
    });
    for (const app of APP_NAMES) {
      expect({ app, ...services[app].depends_on }).toMatchObject({
        app,
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        'redis-queue': { condition: 'service_healthy' },
      });
    }
  });

  it('builds each app from the Dockerfile runtime stage, on its own port, with a healthcheck', () => {
    const stages = stagesOf(readDockerfile());
    expect(stages).toEqual(
      expect.arrayContaining(['build', 'prod-deps', 'runtime', 'migrate']),
    );
    for (const app of APP_NAMES) {
      const s = services[app];
      const port = String(SUITE_APPS[app]);
      expect({
        app,
        build: s.build,
        PORT: s.environment?.PORT,
        healthcheck: Boolean(s.healthcheck),
      }).toEqual({
        app,
        build: {
          context: '.',
          target: 'runtime',
          args: { APP: app, PORT: port },
        },
        PORT: port,
        healthcheck: true,
      });
    }
    // Healthy gateway means the suite answers: it waits for every other app.
    const others = APP_NAMES.filter((a) => a !== 'gateway');
    for (const app of others)
      expect(services.gateway.depends_on?.[app]).toEqual({
        condition: 'service_healthy',
      });
  });

  it('publishes only the gateway of the apps', () => {
    expect(APP_NAMES.filter((app) => services[app].ports)).toEqual(['gateway']);
  });

  it('scrapes every app from Prometheus with the alert rules, and keeps Grafana under the observability profile', () => {
    const prometheus = parse(
      readFileSync(fromRoot('deploy', 'prometheus', 'prometheus.yml'), 'utf8'),
    );
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    const jobs = Object.fromEntries(
      prometheus.scrape_configs.map(
        (j: {
          job_name: string;
          static_configs: Array<{ targets: string[] }>;
        }) => [j.job_name, j.static_configs.flatMap((c) => c.targets)],
      ),
    );
    expect(jobs).toEqual(
      Object.fromEntries(
        APP_NAMES.map((app) => [app, [`${app}:${SUITE_APPS[app]}`]]),
      ),
    );
    expect(services.prometheus.volumes).toEqual(
      expect.arrayContaining([
        './deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
      ]),
    );
    expect(services.prometheus.profiles).toBeUndefined();
    expect(services.grafana.profiles).toEqual(['observability']);
  });
});
