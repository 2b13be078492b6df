import { decodeProtectedHeader, decodeJwt, SignJWT } from 'jose';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import {
  DEV_JWT_PRIVATE_KEY,
  DEV_JWT_PUBLIC_KEY,
  parsePrivateKey,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from '@mesa/shared/auth';
import { api, boot, documentosApp, gatewayApp, seedDemo, waitFor } from '../support';
import { b64url, conectarPg, crearUsuario, hashDe, hs256, loginComo, OLD_JWT_SECRET } from './auth-support';

const PASSWORD = 'clave-de-tokens-2026';
/** How long this file's gateway may trust what it read of a session (AUTH_SESSION_CACHE_MS). */
const BOUND_MS = 1_000;

describe('access and refresh tokens against the real gateway', () => {
  let pg: Client;
  let hash: string;
  let documentos: RunningApp;
  let gateway: RunningApp;
  let url: string;

  const refresh = async (refreshToken: string) => {
    const res = await fetch(`${url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** A call that needs a valid token (the offices, through the bus). */
  const areas = async (token: string) => (await api(url, token)('GET', '/areas')).status;
  const iniciar = async (over?: { rol?: string; areaId?: number | null }) => {
    const user = await crearUsuario(pg, hash, over);
    const res = await loginComo(url, user.username, PASSWORD);
    expect(res.status).toBe(200);
    return { user, tokens: res.body as { accessToken: string; refreshToken: string; expiresIn: number } };
  };
  /** Claims as the gateway would sign them for `sub`, to forge variants of. */
  const claimsDe = (token: string) => {
    const { sub, username, rol, areaId, sid, ver } = decodeJwt(token);
    return { sub, username, rol, areaId, sid, ver };
  };
  const firmar = (claims: object, over: { iss?: string; aud?: string; exp?: number; key?: string } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(over.iss ?? TOKEN_ISSUER)
      .setAudience(over.aud ?? TOKEN_AUDIENCE)
      .setIssuedAt(now - 60)
      .setExpirationTime(over.exp ?? now + 600)
      .sign(parsePrivateKey(over.key ?? DEV_JWT_PRIVATE_KEY));
  };

  beforeAll(async () => {
    pg = await conectarPg();
    await seedDemo();
    hash = await hashDe(PASSWORD);
    documentos = await boot(documentosApp);
    gateway = await boot(gatewayApp, { AUTH_SESSION_CACHE_MS: String(BOUND_MS) });
    url = gateway.url;
  });

  afterAll(async () => {
    await gateway?.close();
    await documentos?.close();
    await pg.end();
  });

  it('signs EdDSA access tokens of 15 minutes at most, with iss and aud, and a refresh token', async () => {
    const { tokens } = await iniciar();
    expect(decodeProtectedHeader(tokens.accessToken).alg).toBe('EdDSA');
    const claims = decodeJwt(tokens.accessToken);
    expect(claims).toMatchObject({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(900);
    expect(tokens.expiresIn).toBeLessThanOrEqual(900);
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await areas(tokens.accessToken)).toBe(200);
    // The gateway's own copy of a valid token, re-signed by the test with the same key, passes:
    // the refusals below are for the one thing each changes.
    expect(await areas(await firmar(claimsDe(tokens.accessToken)))).toBe(200);
  });

  it('refuses a token signed with HS256 and the old shared secret, or with the public key as HMAC secret', async () => {
    const { tokens } = await iniciar();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      ...claimsDe(tokens.accessToken),
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat: now,
      exp: now + 600,
    };
    for (const forged of [hs256(claims, OLD_JWT_SECRET), hs256(claims, DEV_JWT_PUBLIC_KEY)]) {
      const res = await api(url, forged)('GET', '/areas');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    expect(await areas(none)).toBe(401);
  });

  it('refuses an expired token, one for another audience and one from another issuer', async () => {
    const { tokens } = await iniciar();
    const claims = claimsDe(tokens.accessToken);
    expect(await areas(await firmar(claims, { exp: Math.floor(Date.now() / 1000) - 60 }))).toBe(401);
    expect(await areas(await firmar(claims, { aud: 'otra-aplicacion' }))).toBe(401);
    expect(await areas(await firmar(claims, { iss: 'https://emisor.example' }))).toBe(401);
  });

  it('rotates refresh tokens; one used twice revokes its whole family, audited', async () => {
    const { user, tokens } = await iniciar();
    const first = await refresh(tokens.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(tokens.refreshToken);
    expect(await areas(first.body.accessToken)).toBe(200);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);

    // The first token again: someone holds a copy. Every token of the session stops working.
    const reuse = await refresh(tokens.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('REFRESH_INVALIDO');
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
    expect(await areas(second.body.accessToken)).toBe(401);
    const { rows } = await pg.query(`SELECT evento FROM gateway.auditoria_acceso WHERE usuario_id = $1`, [user.id]);
    expect(rows.map((r) => r.evento)).toEqual(['REUSO_REFRESH']);
    // Another session of the same user is not touched.
    const otra = await loginComo(url, user.username, PASSWORD);
    expect(await areas(otra.body.accessToken)).toBe(200);
  });

  it('logout ends the session: its access token and refresh token stop working', async () => {
    const { tokens } = await iniciar();
    const out = await api(url, tokens.accessToken)('POST', '/auth/logout');
    expect(out.status).toBe(204);
    expect(await areas(tokens.accessToken)).toBe(401);
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
  });

  it(`a deactivated user's token stops working within AUTH_SESSION_CACHE_MS (${BOUND_MS} ms here), and cannot be refreshed`, async () => {
    const { user, tokens } = await iniciar();
    expect(await areas(tokens.accessToken)).toBe(200);
    await pg.query('UPDATE gateway.usuario SET activo = false WHERE id = $1', [user.id]);
    // The bound plus room for a busy machine; never a timing assertion on its own.
    await waitFor(async () => (await areas(tokens.accessToken)) === 401, BOUND_MS + 4_000);
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
  });

  it('a change of role or office ends the tokens issued before it; a refresh gives the new role and office', async () => {
    const { user, tokens } = await iniciar({ rol: 'AUDITOR' });
    const docs = async (token: string) => (await api(url, token)('POST', '/documentos', {})).status;
    expect(await docs(tokens.accessToken)).toBe(403);
    await pg.query(`UPDATE gateway.usuario SET rol = 'MESA_PARTES' WHERE id = $1`, [user.id]);
    await waitFor(async () => (await areas(tokens.accessToken)) === 401, BOUND_MS + 4_000);
    const renewed = await refresh(tokens.refreshToken);
    expect(renewed.status).toBe(200);
    expect(decodeJwt(renewed.body.accessToken)).toMatchObject({ rol: 'MESA_PARTES' });
    expect(await docs(renewed.body.accessToken)).toBe(400);

    const { rows } = await pg.query('SELECT id FROM documentos.area ORDER BY id LIMIT 1');
    await pg.query(`UPDATE gateway.usuario SET rol = 'AREA', area_id = $2 WHERE id = $1`, [user.id, rows[0].id]);
    await waitFor(async () => (await areas(renewed.body.accessToken)) === 401, BOUND_MS + 4_000);
    const again = await refresh(renewed.body.refreshToken);
    expect(decodeJwt(again.body.accessToken)).toMatchObject({ rol: 'AREA', areaId: rows[0].id });
  });
});

describe('the gateway signing key in production', () => {
  it('does not start without JWT_PRIVATE_KEY, naming it', async () => {
    const prod = {
      NODE_ENV: 'production',
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TRACKING_CODE_SECRET: 'p'.repeat(40),
    };
    await expect(boot(gatewayApp, prod)).rejects.toThrow(/JWT_PRIVATE_KEY: required in production/);
  });
});
