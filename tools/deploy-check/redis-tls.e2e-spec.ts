import Redis from 'ioredis';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeServiceProcess, type RedisServer, spawnApp, startProcess, startRedisServer } from '@mesa/shared/testing';
import { api, login, seedDemo } from '../../apps/gateway/test/support';
import { pedirReporteDeHoy } from './report-flow';

async function openssl(dir: string, args: string[]): Promise<void> {
  const child = startProcess('openssl', args, { cwd: dir });
  const status = await child.exited;
  if (status.code !== 0) throw new Error(`openssl ${args[0]} failed: ${child.output()}`);
}

/** A CA and a certificate for 127.0.0.1 signed by it, as a private Redis deployment would have. */
async function certificates(dir: string) {
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=mesa-test-ca']);
  await openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'redis.key', '-out', 'redis.csr', '-subj', '/CN=127.0.0.1']);
  await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await openssl(dir, [
    'x509', '-req', '-in', 'redis.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'redis.crt', '-days', '1', '-extfile', 'san.ext',
  ]);
  return { certFile: join(dir, 'redis.crt'), keyFile: join(dir, 'redis.key'), caFile: join(dir, 'ca.crt') };
}

/**
 * `rediss://` URLs reach every Redis client of the apps (ioredis for the bus, node-redis for the
 * cache, BullMQ), which trust a private CA through Node's own NODE_EXTRA_CA_CERTS.
 */
describe('the apps on a Redis that speaks TLS', () => {
  const prefix = process.env.REDIS_KEY_PREFIX as string;
  let dir: string;
  let redis: RedisServer;
  let caFile: string;
  let plain: Redis;
  const running: NodeServiceProcess[] = [];
  let gatewayUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redis-tls-'));
    const tls = await certificates(dir);
    caFile = tls.caFile;
    redis = await startRedisServer({ tls });
    plain = new Redis(redis.url);
    await seedDemo();
    // Only the TLS URL: whatever works below went over TLS.
    const env = {
      REDIS_URL: redis.tlsUrl,
      NODE_EXTRA_CA_CERTS: caFile,
      REDIS_KEY_PREFIX: prefix,
      STORAGE_DIR: join(dir, 'storage'),
      LOG_LEVEL: 'warn',
    };
    const services = ['documentos-service', 'derivaciones-service', 'reportes-worker'];
    running.push(...(await Promise.all(services.map((app) => spawnApp(app, env, { timeoutMs: 60_000 })))));
    const gateway = await spawnApp('gateway', env, { timeoutMs: 60_000 });
    running.push(gateway);
    gatewayUrl = gateway.url;
  }, 180_000);

  afterAll(async () => {
    await plain?.quit();
    await Promise.all(running.map((p) => p.stop()));
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves a read through the bus and the cache, and runs a queued report', async () => {
    const mesa = api(gatewayUrl, await login(gatewayUrl, 'mesa'));
    expect((await mesa('GET', '/areas')).status).toBe(200);
    expect(await pedirReporteDeHoy(mesa, 'xlsx')).toMatchObject({ status: 202, estado: 'completed' });
    // The cache's client (node-redis) wrote its namespace version over TLS too.
    const [, versions] = await plain.scan('0', 'MATCH', `${prefix}cache:ver:*`, 'COUNT', 10_000);
    expect(versions.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a server certificate from a CA the client was not given', async () => {
    const untrusting = new Redis(redis.tlsUrl as string, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const outcome = await new Promise<string>((resolve) => {
      untrusting.once('error', (err: Error) => resolve(err.message));
      untrusting.once('ready', () => resolve('connected'));
      untrusting.connect().catch(() => undefined);
    });
    untrusting.disconnect();
    expect(outcome).toMatch(/self-signed certificate in certificate chain/);
  });
});
