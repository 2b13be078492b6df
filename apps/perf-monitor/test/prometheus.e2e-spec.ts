import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ManagedProcess, startProcess, waitUntil } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, PerfSuite, slowTable, startPerfSuite } from './support';

/** With a real Prometheus (Debian's `prometheus`) scraping the running apps every second. */
describe('performance API on Prometheus data', () => {
  let dir: string;
  let prometheus: ManagedProcess;
  let suite: PerfSuite;
  let slow: Awaited<ReturnType<typeof slowTable>>;
  let sre: string;
  let mesa: string;
  let documentoId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perf-prometheus-'));
    suite = await startPerfSuite({}, async (ports) => {
      const config = [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: gateway',
        `    static_configs: [{ targets: ['127.0.0.1:${ports.gateway}'] }]`,
        '  - job_name: documentos-service',
        `    static_configs: [{ targets: ['127.0.0.1:${ports.documentos}'] }]`,
      ].join('\n');
      writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
      const port = await freePort();
      prometheus = startProcess('prometheus', [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ]);
      const url = `http://127.0.0.1:${port}`;
      const ready = await waitUntil(
        () =>
          fetch(`${url}/-/ready`).then(
            (r) => r.status === 200,
            () => false,
          ),
        {
          timeoutMs: 30_000,
          gaveUp: () => !prometheus.isRunning(),
        },
      );
      if (!ready) throw new Error(`prometheus did not start:\n${prometheus.output()}`);
      return { PROMETHEUS_URL: url };
    });
    sre = await login(suite.gateway.url, 'sre');
    mesa = await login(suite.gateway.url, 'mesa');
    const created = await api(suite.gateway.url, mesa)(
      'POST',
      '/documentos',
      nuevoDocumento({ asunto: 'Prueba con Prometheus' }),
    );
    documentoId = created.body.id;
    slow = await slowTable();
  });

  afterAll(async () => {
    await slow?.close();
    await suite?.close();
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const perf = () => api(suite.gateway.url, sre);

  it('GET /metrics reports the route and the database operation the test exercised, from PromQL', async () => {
    let body: any;
    // A series Prometheus sees for the first time has no increase yet: keep exercising until it has two samples.
    const seen = await waitUntil(
      async () => {
        await api(suite.gateway.url, mesa)('GET', `/documentos/${documentoId}`);
        await slow.read(1);
        body = (await perf()('GET', '/performance/metrics?window=1m')).body;
        return (
          body.routes.some((r: any) => r.app === 'gateway' && r.route === '/api/v1/documentos/:id' && r.count > 0) &&
          body.dbOperations.some((o: any) => o.operation === slow.operation && o.count > 0) &&
          body.cache.some((c: any) => c.namespace === 'documento' && c.lookups > 0)
        );
      },
      { timeoutMs: 30_000 },
    );
    expect(seen).toBe(true);
    expect(body.source).toBe('prometheus');
    const route = body.routes.find((r: any) => r.app === 'gateway' && r.route === '/api/v1/documentos/:id');
    expect(route).toEqual(
      expect.objectContaining({
        method: 'GET',
        p50Ms: expect.any(Number),
        p95Ms: expect.any(Number),
        p99Ms: expect.any(Number),
      }),
    );
    expect(body.pools.some((p: any) => p.pool === 'documentos' && p.max === 10)).toBe(true);
    expect(body.eventLoop.map((e: any) => e.app).sort()).toEqual(['documentos-service', 'gateway']);
  });

  it('GET /slow-queries reports the slow operation the test ran', async () => {
    let body: any;
    const seen = await waitUntil(
      async () => {
        await slow.read(2);
        body = (await perf()('GET', '/performance/slow-queries?window=1m')).body;
        return body.source === 'pg_stat_statements'
          ? body.queries.some((q: any) => q.query.includes('pg_sleep'))
          : body.queries.some((q: any) => q.operation === slow.operation && q.slowCount > 0);
      },
      { timeoutMs: 30_000 },
    );
    expect(seen).toBe(true);
    if (body.source === 'metrics') {
      const q = body.queries.find((x: any) => x.operation === slow.operation);
      expect(q.seqScans).toEqual([
        expect.objectContaining({ table: `${slow.schema}.${slow.table}`, columns: ['codigo'] }),
      ]);
    }
  });

  it('GET /analytics answers series from range queries', async () => {
    let body: any;
    const seen = await waitUntil(
      async () => {
        await api(suite.gateway.url, mesa)('GET', `/documentos/${documentoId}`);
        const from = Math.floor(Date.now() / 1000) - 60;
        body = (await perf()('GET', `/performance/analytics?from=${from}&step=5s`)).body;
        return body.routeP95Ms.some(
          (s: any) => s.app === 'gateway' && s.route === '/api/v1/documentos/:id' && s.points.length > 0,
        );
      },
      { timeoutMs: 30_000 },
    );
    expect(seen).toBe(true);
    expect(body.source).toBe('prometheus');
    expect(body.stepSeconds).toBe(5);
    // The gateway served the reads above; documentos-service answers them over the bus, so its
    // own HTTP series may or may not have a point in this 60 s window (it failed CI-style runs).
    const apps = body.requests.map((r: any) => r.app);
    expect(apps).toContain('gateway');
    expect(apps.every((a: string) => ['documentos-service', 'gateway'].includes(a))).toBe(true);
    expect(
      body.cacheHitRate.some(
        (s: any) => s.namespace === 'documento' && s.points.every(([, v]: number[]) => v >= 0 && v <= 1),
      ),
    ).toBe(true);
  });

  it('when Prometheus is down: figures answer 503 problem JSON, PostgreSQL advice still comes', async () => {
    await prometheus.stop();
    const metrics = await perf()('GET', '/performance/metrics');
    expect(metrics.status).toBe(503);
    expect(metrics.headers.get('content-type')).toContain('application/problem+json');
    expect(metrics.body.code).toBe('PROMETHEUS_UNAVAILABLE');
    const recs = await perf()('GET', '/performance/optimization/recommendations');
    expect(recs.status).toBe(200);
    expect(recs.body.unavailable).toEqual(['cache', 'pool']);
    expect(
      recs.body.recommendations.some((r: any) => r.kind === 'unused_index' && r.figures.schema === slow.schema),
    ).toBe(true);
  });
});
