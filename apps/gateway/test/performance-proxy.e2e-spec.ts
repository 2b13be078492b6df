import { createServer, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { RunningApp } from '@mesa/shared/app';
import { api, boot, gatewayApp, login, seedDemo } from './support';

/**
 * The gateway's proxy to perf-monitor when perf-monitor misbehaves, against a loopback server
 * standing in for it: one that accepts and never answers gets 504, one that answers HTML gets
 * 503; both as problem JSON with a stable code, and a quick answer passes through unchanged.
 */
describe('gateway → perf-monitor proxy: a slow or broken perf-monitor', () => {
  let modo: 'callado' | 'html' | 'bien' = 'bien';
  const sockets = new Set<Socket>();
  const recibidas: string[] = [];
  let falso: Server;
  let gateway: RunningApp;
  let sre: ReturnType<typeof api>;

  beforeAll(async () => {
    await seedDemo();
    falso = createServer((req, res) => {
      recibidas.push(`${req.method} ${req.url}`);
      if (modo === 'callado') return; // holds the connection, never answers
      if (modo === 'html') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'healthy', apps: [] }));
    });
    falso.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => falso.listen(0, '127.0.0.1', r));
    gateway = await boot(gatewayApp, {
      PERF_MONITOR_URL: `http://127.0.0.1:${(falso.address() as AddressInfo).port}`,
      PERF_MONITOR_TIMEOUT_MS: '300',
    });
    sre = api(gateway.url, await login(gateway.url, 'sre'));
  });

  afterAll(async () => {
    await gateway?.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => falso?.close(r));
  });

  it('passes a quick answer through, query string included', async () => {
    modo = 'bien';
    const res = await sre('GET', '/performance/health?x=1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', apps: [] });
    expect(recibidas).toContain('GET /api/v1/performance/health?x=1');
  });

  it('answers 504 PERF_MONITOR_TIMEOUT when perf-monitor holds the request past the limit', async () => {
    modo = 'callado';
    for (const [method, path] of [
      ['GET', '/performance/metrics?window=5m'],
      ['POST', '/performance/benchmark'],
    ] as const) {
      const res = await sre(method, path, method === 'POST' ? { iterations: 1 } : undefined);
      expect(res.status).toBe(504);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 504, code: 'PERF_MONITOR_TIMEOUT' });
    }
  });

  it('answers 503 PERF_MONITOR_UNAVAILABLE when perf-monitor answers something that is not JSON', async () => {
    modo = 'html';
    const res = await sre('GET', '/performance/slow-queries');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 503, code: 'PERF_MONITOR_UNAVAILABLE' });
    expect(JSON.stringify(res.body)).not.toContain('<html>');
  });
});
