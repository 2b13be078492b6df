import { Client } from 'pg';
import { NodeServiceProcess, spawnApp, startRedisServer, RedisServer, freePort } from '@mesa/shared/testing';
import { RunningApp } from '@mesa/shared/app';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo } from './support';
import { sampleSum } from '@mesa/shared/testing';

/**
 * The suite as it runs in a cluster: apps as separate processes from their build output, several
 * replicas of a service behind one bus, and Redis failing under them.
 */
describe('replicas and failures (apps as processes)', () => {
  let pg: Client;
  const started: NodeServiceProcess[] = [];
  const spawn = async (app: string, env: Record<string, string> = {}) => {
    const p = await spawnApp(app, { LOG_LEVEL: 'warn', ...env });
    started.push(p);
    return p;
  };

  beforeAll(async () => {
    await seedDemo();
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
  });

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await pg.end();
  });

  it('two replicas of documentos-service: 200 registrations create exactly 200 documents, both replicas serve', async () => {
    const [a, b, gw] = await Promise.all([spawn('documentos-service'), spawn('documentos-service'), spawn('gateway')]);
    const mesa = api(gw.url, await login(gw.url, 'mesa'));
    const before = Number((await pg.query('SELECT count(*) FROM documentos.documento')).rows[0].count);
    const tag = `replicas-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => mesa('POST', '/documentos', nuevoDocumento({ asunto: `${tag} ${i}` }))),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(200);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(200);
    const after = Number((await pg.query('SELECT count(*) FROM documentos.documento')).rows[0].count);
    expect(after - before).toBe(200);
    const served = await Promise.all(
      [a, b].map(async (p) =>
        sampleSum(await (await fetch(`${p.url}/metrics`)).text(), 'bus_request_duration_seconds_count', {
          side: 'server',
          pattern: 'documentos.registrar',
        }),
      ),
    );
    expect(served[0] + served[1]).toBe(200);
    expect(served[0]).toBeGreaterThan(0);
    expect(served[1]).toBeGreaterThan(0);
  });

  it('/metrics of every app parses as Prometheus text and the suite’s names follow the conventions', async () => {
    const apps = [
      'documentos-service',
      'derivaciones-service',
      'integraciones-service',
      'reportes-worker',
      'perf-monitor',
      'gateway',
    ];
    for (const app of apps) {
      const p = started.find((s) => s.url && s.child.spawnargs.join(' ').includes(`/${app}/`)) ?? (await spawn(app));
      const res = await fetch(`${p.url}/metrics`);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      const types = new Map<string, string>();
      for (const line of text.split('\n').filter(Boolean)) {
        if (line.startsWith('# HELP')) continue;
        if (line.startsWith('# TYPE')) {
          const [, , name, type] = line.split(' ');
          types.set(name, type);
          continue;
        }
        // name{labels} value — a sample line of the text format.
        expect(line).toMatch(
          /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?([0-9.e+-]+|[Nn]a[Nn]|\+Inf|-Inf)$/,
        );
      }
      expect(types.get('http_server_request_duration_seconds')).toBe('histogram');
      for (const [name, type] of types) {
        if (type === 'counter') expect(name).toMatch(/_total$/);
        if (/duration|latency|lag/.test(name) && type !== 'gauge') expect(name).toMatch(/_seconds$/);
        expect(name).not.toMatch(/_(ms|milliseconds)$/);
      }
    }
  }, 180_000);
});

describe('Redis faults (apps in-process against a redis-server of the test)', () => {
  let redis: RedisServer;
  let documentos: RunningApp;
  let gateway: RunningApp;

  beforeAll(async () => {
    await seedDemo();
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await gateway?.close();
    await documentos?.close();
    await redis.stop();
  });

  it('the cache Redis unreachable: reads still answer from PostgreSQL and the cache error counter rises', async () => {
    const deadPort = await freePort();
    documentos = await boot(documentosApp, {
      REDIS_URL: redis.url,
      CACHE_REDIS_URL: `redis://127.0.0.1:${deadPort}`,
    });
    gateway = await boot(gatewayApp, { REDIS_URL: redis.url });
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const created = await mesa('POST', '/documentos', nuevoDocumento());
    expect(created.status).toBe(201);
    const errorsBefore = sampleSum(await (await fetch(`${documentos.url}/metrics`)).text(), 'cache_requests_total', {
      namespace: 'documento',
      result: 'error',
    });
    for (let i = 0; i < 3; i++) {
      const read = await mesa('GET', `/documentos/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.id).toBe(created.body.id);
    }
    const errorsAfter = sampleSum(await (await fetch(`${documentos.url}/metrics`)).text(), 'cache_requests_total', {
      namespace: 'documento',
      result: 'error',
    });
    expect(errorsAfter).toBeGreaterThan(errorsBefore);
  });

  it('the bus Redis restarted: readiness reports the outage and the recovery, requests work again without restarting apps', async () => {
    const ready = async (url: string) => (await fetch(`${url}/health/ready`)).status;
    expect(await ready(documentos.url)).toBe(200);
    expect(await ready(gateway.url)).toBe(200);
    await redis.kill();
    await waitFor(async () => (await ready(documentos.url)) === 503 && (await ready(gateway.url)) === 503);
    await redis.restart();
    await waitFor(async () => (await ready(documentos.url)) === 200 && (await ready(gateway.url)) === 200);
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const created = await mesa('POST', '/documentos', nuevoDocumento({ asunto: 'Después del reinicio de Redis' }));
    expect(created.status).toBe(201);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not reached in time');
}
