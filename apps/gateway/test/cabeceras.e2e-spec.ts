import { RunningApp } from '@mesa/shared/app';
import { boot, gatewayApp } from './support';

/**
 * Operator endpoints are for the cluster, not the internet (/metrics and the OpenAPI page), and
 * every answer carries a Content-Security-Policy that the OpenAPI page still works under.
 */
describe('operator endpoints and security headers', () => {
  let gateway: RunningApp;
  let detrasDeProxy: RunningApp;

  // Loopback is not an operator network here: these clients are "the internet".
  beforeAll(async () => {
    gateway = await boot(gatewayApp, { OPERATOR_NETWORKS: '10.0.0.0/8' });
  });
  // Behind a trusted proxy, the address that counts is the client's, not the proxy's.
  beforeAll(async () => {
    detrasDeProxy = await boot(gatewayApp, { TRUSTED_PROXIES: '127.0.0.1' });
  });

  afterAll(async () => {
    await gateway?.close();
    await detrasDeProxy?.close();
  });

  /** The status, with the body read: an unread body keeps its connection busy and the server from closing. */
  const estado = async (url: string | URL, init?: RequestInit) => {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return res.status;
  };

  it('answers 404, as an unknown route, outside OPERATOR_NETWORKS', async () => {
    for (const path of ['/metrics', '/api/docs', '/api/docs-json', '/api/docs/swagger-ui.css']) {
      const res = await fetch(`${gateway.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(((await res.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    }
    // The API itself is not an operator endpoint.
    expect(await estado(`${gateway.url}/api/v1/auth/login`, { method: 'POST' })).toBe(400);
  });

  it('serves them to the cluster, and refuses an internet client that a trusted proxy forwards', async () => {
    expect(await estado(`${detrasDeProxy.url}/metrics`)).toBe(200);
    expect(await estado(`${detrasDeProxy.url}/api/docs-json`)).toBe(200);
    const publico = { 'x-forwarded-for': '203.0.113.9' };
    expect(await estado(`${detrasDeProxy.url}/metrics`, { headers: publico })).toBe(404);
    expect(await estado(`${detrasDeProxy.url}/api/docs-json`, { headers: publico })).toBe(404);
  });

  describe('security headers', () => {
    const politica = (header: string | null) =>
      new Map(
        (header ?? '')
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k, v]),
      );

    it('sends a CSP that allows only its own scripts and no framing, on the API and on the docs', async () => {
      for (const path of ['/api/v1/auth/login', '/api/docs']) {
        const res = await fetch(`${detrasDeProxy.url}${path}`);
        await res.arrayBuffer();
        const csp = politica(res.headers.get('content-security-policy'));
        expect(csp.get('default-src')).toEqual(["'self'"]);
        expect(csp.get('script-src')).toEqual(["'self'"]);
        expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
        expect(csp.get('object-src')).toEqual(["'none'"]);
      }
    });

    it('the OpenAPI page has no inline script, so the policy does not break it, and its scripts load', async () => {
      const html = await (await fetch(`${detrasDeProxy.url}/api/docs`)).text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(body.trim()).toBe('');
        const src = /src="([^"]+)"/.exec(attrs)?.[1];
        expect(src).toEqual(expect.any(String));
        expect(await estado(new URL(src as string, `${detrasDeProxy.url}/api/docs/`))).toBe(200);
      }
    });
  });
});
