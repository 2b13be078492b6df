import { RunningApp } from '@mesa/shared/app';
import { boot, gatewayApp } from './support';

/** Headers every answer carries: a Content-Security-Policy that the OpenAPI page still works under. */
describe('security headers', () => {
  let gateway: RunningApp;

  beforeAll(async () => {
    gateway = await boot(gatewayApp);
  });

  afterAll(() => gateway?.close());

  const politica = (header: string | null) =>
    new Map((header ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

  it('sends a CSP that allows only its own scripts and no framing, on the API and on the docs', async () => {
    for (const path of ['/api/v1/auth/login', '/api/docs']) {
      const res = await fetch(`${gateway.url}${path}`);
      const csp = politica(res.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
    }
  });

  it('the OpenAPI page has no inline script, so the policy does not break it, and its scripts load', async () => {
    const html = await (await fetch(`${gateway.url}/api/docs`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attrs)?.[1];
      expect(src).toEqual(expect.any(String));
      expect((await fetch(new URL(src as string, `${gateway.url}/api/docs/`))).status).toBe(200);
    }
  });
});
