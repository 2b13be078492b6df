import { createServer, Server } from 'node:http';
import pino from 'pino';
import { ScrapeSource } from './scrape.source';

/** An app's /metrics on loopback whose text the test sets between scrapes. */
function metricsServer(): Promise<{ server: Server; url: string; set(text: string): void }> {
  let body = '';
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${address.port}`, set: (text) => (body = text) });
    }),
  );
}

const histogram = (route: string, fast: number, slow: number) =>
  [
    `http_server_request_duration_seconds_bucket{le="0.1",method="GET",route="${route}",status_code="200"} ${fast}`,
    `http_server_request_duration_seconds_bucket{le="1",method="GET",route="${route}",status_code="200"} ${fast + slow}`,
    `http_server_request_duration_seconds_bucket{le="+Inf",method="GET",route="${route}",status_code="200"} ${fast + slow}`,
    `http_server_request_duration_seconds_count{method="GET",route="${route}",status_code="200"} ${fast + slow}`,
  ].join('\n');

describe('ScrapeSource', () => {
  let app: Awaited<ReturnType<typeof metricsServer>>;
  let source: ScrapeSource;

  beforeEach(async () => {
    app = await metricsServer();
    source = new ScrapeSource(
      [{ name: 'documentos-service-2', job: 'documentos-service', url: app.url }],
      60_000,
      pino({ level: 'silent' }),
    );
  });

  afterEach(() => new Promise((resolve) => app.server.close(resolve)));

  it('answers from the difference between the first scrape and the latest, per job', async () => {
    app.set(`${histogram('/a', 10, 0)}\ncache_requests_total{namespace="documento",result="hit"} 5\n`);
    await source.refresh();
    app.set(
      `${histogram('/a', 28, 2)}\ncache_requests_total{namespace="documento",result="hit"} 9\ncache_requests_total{namespace="documento",result="miss"} 3\n`,
    );
    await source.refresh();

    const [row] = await source.latency('http_server_request_duration_seconds', ['route'], 300);
    // 20 new requests, 18 within 0.1 s and 2 within 1 s: p50 in the first bucket, p99 in the second.
    expect(row.labels).toEqual({ job: 'documentos-service', route: '/a' });
    expect(row.count).toBe(20);
    expect(row.p50).toBeCloseTo(0.1 * (10 / 18), 10);
    expect(row.p99).toBeCloseTo(0.1 + 0.9 * ((19.8 - 18) / 2), 10);
    // A series that appeared between the scrapes counts from zero.
    expect(await source.increase('cache_requests_total', ['namespace', 'result'], 300)).toEqual([
      { labels: { job: 'documentos-service', namespace: 'documento', result: 'hit' }, value: 4 },
      { labels: { job: 'documentos-service', namespace: 'documento', result: 'miss' }, value: 3 },
    ]);
  });

  it('takes a counter that went down as a restart: the increase is its new value', async () => {
    app.set('db_slow_queries_total{operation="x"} 40\n');
    await source.refresh();
    app.set('db_slow_queries_total{operation="x"} 3\n');
    await source.refresh();
    expect(await source.increase('db_slow_queries_total', ['operation'], 300)).toEqual([
      { labels: { job: 'documentos-service', operation: 'x' }, value: 3 },
    ]);
  });

  it('leaves out excluded series and answers gauges with their latest value; nothing from an app that does not answer', async () => {
    app.set(`${histogram('/metrics', 1, 0)}\nnodejs_eventloop_lag_p99_seconds 0.02\n`);
    await source.refresh();
    app.set(`${histogram('/metrics', 5, 0)}\nnodejs_eventloop_lag_p99_seconds 0.04\n`);
    await source.refresh();
    expect(
      await source.latency('http_server_request_duration_seconds', ['route'], 300, {
        label: 'route',
        regex: '/health/.*|/metrics',
      }),
    ).toEqual([]);
    expect(await source.current('nodejs_eventloop_lag_p99_seconds', [])).toEqual([
      { labels: { job: 'documentos-service' }, value: 0.04 },
    ]);

    const down = new ScrapeSource(
      [{ name: 'x', job: 'x', url: 'http://127.0.0.1:1' }],
      60_000,
      pino({ level: 'silent' }),
    );
    await down.refresh();
    expect(await down.current('nodejs_eventloop_lag_p99_seconds', [])).toEqual([]);
  });
});
