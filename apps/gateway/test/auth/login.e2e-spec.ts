import { Client } from 'pg';
import { hashPassword } from '@mesa/shared/auth';
import { RunningApp } from '@mesa/shared/app';
import { boot, gatewayApp } from '../support';
import { chequeosDePassword, conectarPg, crearUsuario, hashDe, loginComo, redisCortable } from './auth-support';

const PASSWORD = 'clave-de-prueba-2026';

/** Sign-in against the real gateway, PostgreSQL and Redis: limits, uniform cost, audit, rehash. */
describe('POST /auth/login: brute force, timing and audit', () => {
  let pg: Client;
  let hash: string;
  const apps: RunningApp[] = [];
  // X-Forwarded-For from loopback is believed, so each request can come from "another" address.
  const gateway = async (env: Record<string, string> = {}) => {
    const app = await boot(gatewayApp, { TRUSTED_PROXIES: 'loopback', ...env });
    apps.push(app);
    return app;
  };
  const auditoria = async (usuarioId: string) =>
    (
      await pg.query('SELECT evento, usuario_id, ip FROM gateway.auditoria_acceso WHERE usuario_id = $1 ORDER BY id', [
        usuarioId,
      ])
    ).rows;

  beforeAll(async () => {
    pg = await conectarPg();
    hash = await hashDe(PASSWORD);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await pg.end();
  });

  it('10 wrong passwords for one user from 10 addresses: locked out, even for the right password, and audited', async () => {
    const { url } = await gateway({ LOGIN_MAX_FAILURES_PER_USER: '5', LOGIN_LOCKOUT_BASE_SECONDS: '600' });
    const user = await crearUsuario(pg, hash);
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++)
      statuses.push((await loginComo(url, user.username, `mala-${i}`, `203.0.113.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);

    const right = await loginComo(url, user.username, PASSWORD, '198.51.100.7');
    expect(right.status).toBe(429);
    expect(right.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(right.body.code).toBe('LOGIN_BLOQUEADO');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(500);

    const rows = await auditoria(user.id);
    expect(rows.map((r) => r.evento)).toEqual([
      'LOGIN_FALLIDO',
      'LOGIN_FALLIDO',
      'LOGIN_FALLIDO',
      'LOGIN_FALLIDO',
      'LOGIN_FALLIDO',
      'BLOQUEO_USUARIO',
    ]);
    expect(rows.slice(0, 5).map((r) => r.ip)).toEqual([
      '203.0.113.1',
      '203.0.113.2',
      '203.0.113.3',
      '203.0.113.4',
      '203.0.113.5',
    ]);
    const all = JSON.stringify((await pg.query('SELECT * FROM gateway.auditoria_acceso')).rows);
    expect(all).not.toContain('mala-');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(user.username);
  });

  it('an unknown username is locked out the same way, with the same answers', async () => {
    const { url } = await gateway({ LOGIN_MAX_FAILURES_PER_USER: '3', LOGIN_LOCKOUT_BASE_SECONDS: '600' });
    const real = await crearUsuario(pg, hash);
    const answers = async (username: string) => {
      const out: unknown[] = [];
      for (let i = 1; i <= 5; i++) {
        const r = await loginComo(url, username, 'mala', `192.0.2.${i}`);
        out.push([r.status, r.body.code]);
      }
      return out;
    };
    const forReal = await answers(real.username);
    expect(forReal).toEqual([
      [401, 'CREDENCIALES_INVALIDAS'],
      [401, 'CREDENCIALES_INVALIDAS'],
      [401, 'CREDENCIALES_INVALIDAS'],
      [429, 'LOGIN_BLOQUEADO'],
      [429, 'LOGIN_BLOQUEADO'],
    ]);
    expect(await answers(`nadie-${real.username}`)).toEqual(forReal);
  });

  it('one address trying many usernames is locked out; other addresses and the users themselves are not', async () => {
    const { url } = await gateway({ LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_LOCKOUT_BASE_SECONDS: '600' });
    const victim = await crearUsuario(pg, hash);
    const attacker = '203.0.113.66';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await loginComo(url, `${victim.username}-${i}`, 'mala', attacker)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await loginComo(url, victim.username, PASSWORD, attacker)).status).toBe(429);
    expect((await loginComo(url, victim.username, PASSWORD, '198.51.100.66')).status).toBe(200);
    const rows = await pg.query(
      `SELECT count(*)::int AS n FROM gateway.auditoria_acceso WHERE evento = 'BLOQUEO_DIRECCION' AND ip = $1`,
      [attacker],
    );
    expect(rows.rows[0].n).toBe(1);
  });

  it('successful sign-ins from one address (an office behind one NAT) never lock it', async () => {
    const { url } = await gateway({ LOGIN_MAX_FAILURES_PER_ADDRESS: '2', LOGIN_LOCKOUT_BASE_SECONDS: '600' });
    const users = [await crearUsuario(pg, hash), await crearUsuario(pg, hash), await crearUsuario(pg, hash)];
    for (const u of users) expect((await loginComo(url, u.username, PASSWORD, '198.51.100.99')).status).toBe(200);
    expect((await loginComo(url, users[0].username, PASSWORD, '198.51.100.99')).status).toBe(200);
  });

  it('limits sign-in attempts per address and minute (LOGIN_RATE_LIMIT_PER_MINUTE), right passwords included', async () => {
    const { url } = await gateway({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    const user = await crearUsuario(pg, hash);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await loginComo(url, user.username, PASSWORD, '198.51.100.33')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await loginComo(url, user.username, PASSWORD, '198.51.100.34');
    expect(other.status).toBe(200);
  });

  it('with Redis unreachable, sign-in is refused with 503 problem JSON and no password is checked', async () => {
    const relay = await redisCortable(process.env.REDIS_URL as string);
    const { url } = await gateway({ REDIS_URL: relay.url });
    const user = await crearUsuario(pg, hash);
    expect((await loginComo(url, user.username, PASSWORD)).status).toBe(200);
    await relay.cortar();
    const before = await chequeosDePassword(url);
    const res = await loginComo(url, user.username, PASSWORD);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('LOGIN_NO_DISPONIBLE');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await chequeosDePassword(url)).toBe(before);
  });

  it('an unknown or deactivated user costs one scrypt check at full cost, like a wrong password', async () => {
    const { url } = await gateway();
    const real = await crearUsuario(pg, hash);
    const inactivo = await crearUsuario(pg, hash);
    await pg.query('UPDATE gateway.usuario SET activo = false WHERE id = $1', [inactivo.id]);
    const cost = async (username: string, password: string) => {
      const before = await chequeosDePassword(url);
      const r = await loginComo(url, username, password);
      return { status: r.status, body: r.body, checks: (await chequeosDePassword(url)) - before };
    };
    const wrong = await cost(real.username, 'mala');
    expect(wrong).toMatchObject({ status: 401, checks: 1 });
    expect(await cost(`nadie-${real.username}`, 'mala')).toEqual(wrong);
    // Even with the right password a deactivated user is refused, after the same single check.
    expect(await cost(inactivo.username, PASSWORD)).toEqual(wrong);
  });

  it('a hash at the old cost (N=2^14) still signs in and is rehashed at N=2^17', async () => {
    const { url } = await gateway();
    const user = await crearUsuario(pg, await hashPassword(PASSWORD, 2 ** 14));
    expect((await loginComo(url, user.username, PASSWORD)).status).toBe(200);
    const { rows } = await pg.query('SELECT password_hash FROM gateway.usuario WHERE id = $1', [user.id]);
    expect(rows[0].password_hash).toMatch(/^scrypt\$131072\$/);
    expect((await loginComo(url, user.username, PASSWORD)).status).toBe(200);
    expect((await loginComo(url, user.username, 'mala')).status).toBe(401);
  });
});
