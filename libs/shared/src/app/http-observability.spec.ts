import Fastify, { FastifyInstance } from 'fastify';
import pino from 'pino';
import { loadConfig, redesOperativas } from '../config';
import { metricsRegistry } from '../metrics';
import { waitUntil } from '../testing';
import { installHttpObservability } from './http-observability';

async function active(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('http_server_active_requests')?.get();
  return metric?.values.find((v) => v.labels.method === 'GET')?.value ?? 0;
}

describe('HTTP observability', () => {
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    // Close drops client sockets: an aborted or unread answer must not hold the suite's end.
    app = Fastify({ forceCloseConnections: true });
    installHttpObservability(app, pino({ level: 'silent' }), redesOperativas(loadConfig({}).OPERATOR_NETWORKS));
    app.get('/lento', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  it('counts a request as active while it is served and not after', async () => {
    const before = await active();
    const answer = fetch(`${base}/lento`);
    expect(await waitUntil(async () => (await active()) === before + 1, { timeoutMs: 2000 })).toBe(true);
    expect((await answer).status).toBe(200);
    expect(await waitUntil(async () => (await active()) === before, { timeoutMs: 2000 })).toBe(true);
  });

  it('stops counting a request whose client hung up, and records it as 499', async () => {
    const before = await active();
    const abort = new AbortController();
    const answer = fetch(`${base}/lento`, { signal: abort.signal }).catch(() => 'aborted');
    expect(await waitUntil(async () => (await active()) === before + 1, { timeoutMs: 2000 })).toBe(true);
    abort.abort();
    expect(await answer).toBe('aborted');
    expect(await waitUntil(async () => (await active()) === before, { timeoutMs: 2000 })).toBe(true);
    // The handler still finishes later; the gauge must not go below where it started.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await active()).toBe(before);
    expect(await metricsRegistry.metrics()).toMatch(
      /http_server_request_duration_seconds_count\{method="GET",route="\/lento",status_code="499"\} 1/,
    );
  });
});
