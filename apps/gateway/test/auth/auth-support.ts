import { createConnection, createServer, Server, Socket } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashPassword } from '@mesa/shared/auth';
import { sampleSum } from '@mesa/shared/testing';

/** A user of this test only (unique name), with `hash` as password hash; returns its id. */
export async function crearUsuario(pg: Client, hash: string, over: { rol?: string; areaId?: number | null } = {}) {
  const username = `t${randomBytes(6).toString('hex')}`;
  const { rows } = await pg.query(
    `INSERT INTO gateway.usuario (username, password_hash, nombre, rol, area_id)
     VALUES ($1, $2, 'Usuario de prueba', $3::gateway.rol, $4) RETURNING id`,
    [username, hash, over.rol ?? 'MESA_PARTES', over.areaId ?? null],
  );
  return { username, id: rows[0].id as string };
}

export async function conectarPg(): Promise<Client> {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  return pg;
}

/** One hash of `password` at today's cost, shared by a file's users (each scrypt is costly). */
export const hashDe = (password: string) => hashPassword(password);

export async function loginComo(url: string, username: string, password: string, ip?: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(ip ? { 'x-forwarded-for': ip } : {}) },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** How many scrypt checks sign-in has run in this process (the gateway's /metrics). */
export async function chequeosDePassword(url: string): Promise<number> {
  return sampleSum(await (await fetch(`${url}/metrics`)).text(), 'auth_password_checks_total');
}

/**
 * A TCP relay to Redis that the test can cut: an app pointed at it loses Redis on `cortar()`
 * (open connections dropped, new ones refused).
 */
export async function redisCortable(redisUrl: string): Promise<{ url: string; cortar(): Promise<void> }> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 6379) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const url = new URL(redisUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    cortar: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** The shared HS256 secret every app held before asymmetric signing. */
export const OLD_JWT_SECRET = 'dev-only-jwt-secret-change-me-please';

export const b64url = (v: object | string) =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An HS256 JWT by hand (what @nestjs/jwt made with JWT_SECRET), with `secret` as the key. */
export function hs256(claims: object, secret: string | Buffer): string {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
