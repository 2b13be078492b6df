import Redis from 'ioredis';
import { waitUntil } from '@mesa/shared/testing';
import { sampleSum } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, PerfSuite, slowTable, startPerfSuite } from './support';

/** Without PROMETHEUS_URL: perf-monitor scrapes the apps' /metrics itself. */
describe('performance API without Prometheus (direct scraping), through the gateway', () => {
  let suite: PerfSuite;
  let slow: Awaited<ReturnType<typeof slowTable>>;
  let tokens: Record<'admin' | 'sre' | 'mesa' | 'area1', string>;
  let documentoId: string;

  beforeAll(async () => {
    // Thresholds low enough that the test's own traffic crosses them (defaults: 2 s, 50 %).
    suite = await startPerfSuite({ PERF_SLOW_QUERY_ALERT_MS: '1', PERF_CACHE_HIT_RATE_MIN_PERCENT: '100' });
    const url = suite.gateway.url;
    tokens = {
      admin: await login(url, 'admin'),
      sre: await login(url, 'sre'),
      mesa: await login(url, 'mesa'),
      area1: await login(url, 'area1'),
    };
    const created = await api(url, tokens.mesa)(
      'POST',
      '/documentos',
      nuevoDocumento({ asunto: 'Prueba de rendimiento' }),
    );
    expect(created.status).toBe(201);
    documentoId = created.body.id;
    slow = await slowTable();
  });

  afterAll(async () => {
    await slow?.close();
    await suite?.close();
  });

  const perf = (token: string) => api(suite.gateway.url, token);

  it('GET /metrics reports the routes, database operations and cache namespaces just exercised, with quantiles', async () => {
    for (let i = 0; i < 3; i++) expect((await perf(tokens.mesa)('GET', `/documentos/${documentoId}`)).status).toBe(200);
    const res = await perf(tokens.sre)('GET', '/performance/metrics?window=5m');
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('scrape');
    expect(res.body.windowSeconds).toBe(300);
    const route = res.body.routes.find(
      (r: any) => r.app === 'gateway' && r.route === '/api/v1/documentos/:id' && r.method === 'GET',
    );
    expect(route).toEqual({
      app: 'gateway',
      method: 'GET',
      route: '/api/v1/documentos/:id',
      count: expect.any(Number),
      p50Ms: expect.any(Number),
      p95Ms: expect.any(Number),
      p99Ms: expect.any(Number),
    });
    expect(route.count).toBeGreaterThanOrEqual(3);
    expect(route.p50Ms).toBeLessThanOrEqual(route.p95Ms);
    expect(route.p95Ms).toBeLessThanOrEqual(route.p99Ms);
    // Health probes and /metrics are not users' requests.
    expect(res.body.routes.filter((r: any) => /^\/health|^\/metrics/.test(r.route))).toEqual([]);
    expect(res.body.dbOperations.map((o: any) => o.operation)).toContain('documentos.get_by_id');
    const cache = res.body.cache.find((c: any) => c.namespace === 'documento' && c.app === 'documentos-service');
    expect(cache.hits).toBeGreaterThanOrEqual(2);
    expect(cache.hitRate).toBeGreaterThan(0);
    expect(res.body.pools.map((p: any) => p.pool)).toContain('documentos');
    expect(res.body.pools[0]).toEqual(expect.objectContaining({ used: expect.any(Number), max: 10 }));
    expect(res.body.eventLoop.length).toBeGreaterThan(0);
  });

  it('GET /metrics raises the alerts whose thresholds come from config, with their figures', async () => {
    await slow.read(2);
    const res = await perf(tokens.sre)('GET', '/performance/metrics?window=5m');
    const slowAlert = res.body.alerts.find(
      (a: any) => a.kind === 'slow_query' && a.figures.operation === slow.operation,
    );
    expect(slowAlert.figures).toEqual(expect.objectContaining({ thresholdMs: 1, p99Ms: expect.any(Number) }));
    expect(slowAlert.figures.p99Ms).toBeGreaterThanOrEqual(1);
    // With a 100 % threshold every namespace that missed once is under it, and only those.
    const under = res.body.cache.filter((c: any) => c.hitRate < 1).map((c: any) => `${c.app} ${c.namespace}`);
    expect(under.length).toBeGreaterThan(0);
    const cacheAlerts = res.body.alerts.filter((a: any) => a.kind === 'cache_hit_rate');
    expect(cacheAlerts.map((a: any) => `${a.figures.app} ${a.figures.namespace}`).sort()).toEqual(under.sort());
    expect(cacheAlerts[0].figures).toEqual(
      expect.objectContaining({ thresholdPercent: 100, lookups: expect.any(Number) }),
    );
    expect(res.body.cacheStore).toEqual({
      available: true,
      entries: expect.any(Number),
      usedMemoryBytes: expect.any(Number),
    });
  });

  it('GET /analytics gives the same figures as series', async () => {
    await perf(tokens.mesa)('GET', `/documentos/${documentoId}`);
    await new Promise((r) => setTimeout(r, 2500));
    await perf(tokens.mesa)('GET', `/documentos/${documentoId}`);
    const from = Math.floor(Date.now() / 1000) - 60;
    const res = await perf(tokens.sre)('GET', `/performance/analytics?from=${from}&step=2s`);
    expect(res.status).toBe(200);
    expect(res.body.stepSeconds).toBe(2);
    const series = res.body.routeP95Ms.find((s: any) => s.route === '/api/v1/documentos/:id' && s.app === 'gateway');
    expect(series.points.length).toBeGreaterThan(0);
    expect(series.points[0]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(res.body.cacheHitRate.some((s: any) => s.namespace === 'documento' && s.points.length > 0)).toBe(true);
    const bad = await perf(tokens.sre)('GET', '/performance/analytics?step=1s&from=0');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('GET /slow-queries reports the slow operation the test ran (from the apps metrics without pg_stat_statements)', async () => {
    await slow.read(3);
    const found = await waitUntil(
      async () => {
        const res = await perf(tokens.sre)('GET', '/performance/slow-queries?window=10m');
        return res.body.source === 'pg_stat_statements'
          ? res.body.queries.some((q: any) => q.query.includes('pg_sleep') && q.calls >= 3)
          : res.body.queries.some((q: any) => q.operation === slow.operation && q.slowCount >= 3);
      },
      { timeoutMs: 15_000 },
    );
    expect(found).toBe(true);
    const res = await perf(tokens.sre)('GET', '/performance/slow-queries?window=10m');
    expect(res.body.thresholdMs).toBe(200);
    expect(res.body.alertThresholdMs).toBe(1);
    if (res.body.source === 'metrics') {
      const q = res.body.queries.find((x: any) => x.operation === slow.operation);
      expect(q.seqScans).toEqual([
        { table: `${slow.schema}.${slow.table}`, columns: ['codigo'], count: expect.any(Number) },
      ]);
    }
  });

  it('recommendations flag the index the test left unused, the redundant prefix index and the sequentially scanned filter', async () => {
    await slow.read(25);
    let recs: any[] = [];
    const ok = await waitUntil(
      async () => {
        recs = (await perf(tokens.sre)('GET', '/performance/optimization/recommendations')).body.recommendations;
        return recs.some(
          (r) =>
            r.kind === 'seq_scan_heavy_table' &&
            r.figures.schema === slow.schema &&
            r.figures.filterColumns.includes('codigo') &&
            r.figures.seqScan >= 25,
        );
      },
      { timeoutMs: 20_000 },
    );
    expect(ok).toBe(true);
    const mine = recs.filter((r) => r.figures.schema === slow.schema);
    const unused = mine.find((r) => r.kind === 'unused_index' && r.figures.index === 'idx_prueba_sin_uso');
    expect(unused.figures).toEqual(
      expect.objectContaining({ table: slow.table, idxScan: 0, sizeBytes: expect.any(Number) }),
    );
    expect(unused.figures.sizeBytes).toBeGreaterThan(0);
    const redundant = mine.find((r) => r.kind === 'redundant_index');
    expect(redundant.figures).toEqual(
      expect.objectContaining({ index: 'idx_prueba_grupo', coveredBy: 'idx_prueba_grupo_creado' }),
    );
    const scan = mine.find((r) => r.kind === 'seq_scan_heavy_table');
    expect(scan.figures.seqScan).toBeGreaterThanOrEqual(25);
    expect(scan.figures.rowsPerSeqScan).toBeGreaterThanOrEqual(1000);
    expect(scan.figures.filterColumns[0]).toBe('codigo');
    // The composite index was never used either, but it is not a prefix of another one.
    expect(mine.filter((r) => r.kind === 'redundant_index').map((r) => r.figures.index)).toEqual(['idx_prueba_grupo']);
  });

  it('POST /cache/clear: 403 for SRE (nothing cleared), 401 directly without a token; for ADMIN the next read is a miss, and it is audited', async () => {
    const read = () => perf(tokens.mesa)('GET', `/documentos/${documentoId}`);
    // Counted wherever the detail is looked up: the gateway first, documentos-service on its miss.
    const misses = async () =>
      sampleSum(await (await fetch(`${suite.documentos.url}/metrics`)).text(), 'cache_requests_total', {
        namespace: 'documento',
        result: 'miss',
      });
    await read();
    const before = await misses();
    await read();
    expect(await misses()).toBe(before);

    const refused = await perf(tokens.sre)('POST', '/performance/cache/clear', { namespace: 'documento' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('FORBIDDEN');
    await read();
    expect(await misses()).toBe(before);
    const direct = await fetch(`${suite.perf.url}/api/v1/performance/cache/clear`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(direct.status).toBe(401);

    const unknown = await perf(tokens.admin)('POST', '/performance/cache/clear', { namespace: 'no-existe' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CACHE_NAMESPACE_NOT_FOUND');

    const cleared = await perf(tokens.admin)('POST', '/performance/cache/clear', { namespace: 'documento' });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ cleared: ['documento'], scope: 'namespace', at: expect.any(String) });
    await read();
    expect(await misses()).toBeGreaterThan(before);

    const redis = new Redis(process.env.REDIS_URL as string);
    try {
      const entries = await redis.xrevrange(`${process.env.REDIS_KEY_PREFIX}perf:auditoria`, '+', '-', 'COUNT', 1);
      const fields = Object.fromEntries(entries[0][1].flatMap((v, i, a) => (i % 2 ? [] : [[v, a[i + 1]]])));
      expect(fields).toEqual(
        expect.objectContaining({
          accion: 'cache.clear',
          rol: 'ADMIN',
          namespaces: 'documento',
          usuarioId: expect.any(String),
        }),
      );
    } finally {
      redis.disconnect();
    }

    const all = await perf(tokens.admin)('POST', '/performance/cache/clear', {});
    expect(all.body.scope).toBe('all');
    expect(all.body.cleared).toContain('documento');
  });

  it('GET /health: every app, PostgreSQL, both Redis roles and the queues, with response times', async () => {
    const res = await perf(tokens.sre)('GET', '/performance/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('healthy');
    expect(res.body.apps.map((a: any) => [a.name, a.status])).toEqual([
      ['gateway', 'up'],
      ['documentos-service', 'up'],
    ]);
    expect(res.body.dependencies.map((d: any) => [d.name, d.status])).toEqual([
      ['postgresql', 'up'],
      ['redis-bus', 'up'],
      ['redis-cache', 'up'],
      ['queues', 'up'],
    ]);
    for (const c of [...res.body.apps, ...res.body.dependencies]) expect(c.responseTimeMs).toEqual(expect.any(Number));
  });

  it('only SRE and ADMIN reach the API through the gateway', async () => {
    expect((await perf(tokens.admin)('GET', '/performance/health')).status).toBe(200);
    for (const token of [tokens.mesa, tokens.area1]) {
      const res = await perf(token)('GET', '/performance/metrics');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await api(suite.gateway.url)('GET', '/performance/health')).status).toBe(401);
    const bad = await perf(tokens.sre)('GET', '/performance/metrics?window=5years');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'window', message: 'duración inválida' }],
      }),
    );
  });

  it('POST /benchmark times each key operation', async () => {
    const res = await perf(tokens.sre)('POST', '/performance/benchmark', { iterations: 5 });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => r.operation)).toEqual([
      'postgresql.select_1',
      'postgresql.count_estimate',
      'redis_cache.set_get',
      'redis_bus.ping',
      'gateway.ready',
      'documentos-service.ready',
    ]);
    for (const r of res.body.results) {
      expect(r).toEqual(
        expect.objectContaining({
          iterations: 5,
          errors: 0,
          p50Ms: expect.any(Number),
          p95Ms: expect.any(Number),
          rating: expect.stringMatching(/excellent|good|acceptable|poor/),
        }),
      );
      expect(r.minMs).toBeLessThanOrEqual(r.maxMs);
    }
    expect((await perf(tokens.sre)('POST', '/performance/benchmark', { iterations: 0 })).status).toBe(400);
  });

  it('the gateway answers 503 problem JSON when perf-monitor is down', async () => {
    await suite.perf.close();
    const res = await perf(tokens.sre)('GET', '/performance/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('PERF_MONITOR_UNAVAILABLE');
  });
});
