import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, SignJWT } from 'jose';
import { RunningApp } from '@mesa/shared/app';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@mesa/shared/auth';
import { freePort } from '@mesa/shared/testing';
import { hs256, OLD_JWT_SECRET } from '../../gateway/test/auth/auth-support';
import { gatewayApp, seedDemo } from '../../gateway/test/support';
import { boot, login, perfMonitorApp } from './support';

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
};

/**
 * perf-monitor holds only the gateway's public key: it accepts the gateway's tokens and nothing
 * it could have made itself (HMAC with that key, or the old shared secret), nor another key's.
 */
describe('perf-monitor verifies the gateway tokens with the public key only', () => {
  const keys = pem();
  let gateway: RunningApp;
  let perf: RunningApp;

  beforeAll(async () => {
    await seedDemo();
    perf = await boot(perfMonitorApp, {
      JWT_PUBLIC_KEY: keys.publicPem,
      MONITORED_APPS: `gateway=http://127.0.0.1:${await freePort()}`,
    });
    // The PEM as one line with \n, as an environment variable often carries it.
    gateway = await boot(gatewayApp, {
      JWT_PRIVATE_KEY: keys.privatePem.replace(/\n/g, '\\n'),
      PERF_MONITOR_URL: perf.url,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await perf?.close();
  });

  /** A namespace nobody has: an accepted ADMIN token gets as far as 404 CACHE_NAMESPACE_NOT_FOUND. */
  const clearCache = async (token: string) => {
    const res = await fetch(`${perf.url}/api/v1/performance/cache/clear`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ namespace: 'no-existe' }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('accepts a token of the gateway (ADMIN gets past it, SRE is refused by role, not by token)', async () => {
    expect((await clearCache(await login(gateway.url, 'admin'))).body.code).toBe('CACHE_NAMESPACE_NOT_FOUND');
    const sre = await clearCache(await login(gateway.url, 'sre'));
    expect(sre.status).toBe(403);
    expect(sre.body.code).toBe('FORBIDDEN');
  });

  it('refuses HS256 with its public key or the old secret, and EdDSA by any other key', async () => {
    const claims = decodeJwt(await login(gateway.url, 'admin'));
    const admin = { ...claims, iat: Math.floor(Date.now() / 1000) };
    const forged = [
      hs256(admin, keys.publicPem),
      hs256(admin, OLD_JWT_SECRET),
      await new SignJWT(admin).setProtectedHeader({ alg: 'EdDSA' }).sign(pem().privateKey),
    ];
    for (const token of forged) {
      const res = await clearCache(token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    // The same claims signed by the gateway's key pass: only the signature made the difference.
    const genuine = await new SignJWT(admin).setProtectedHeader({ alg: 'EdDSA' }).sign(keys.privateKey);
    expect(decodeJwt(genuine)).toMatchObject({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });
    expect((await clearCache(genuine)).body.code).toBe('CACHE_NAMESPACE_NOT_FOUND');
  });
});
