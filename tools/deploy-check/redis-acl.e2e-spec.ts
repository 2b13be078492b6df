import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeServiceProcess, type RedisServer, spawnApp, startProcess, startRedisServer, waitUntil } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, seedDemo } from '../../apps/gateway/test/support';
import { pedirReporteDeHoy } from './report-flow';
import { REDIS_ACL_GENERATOR, REDIS_PASSWORD_VARIABLES } from './redis-acl.vars';
import { APP_NAMES, AppName } from './suite.apps';


/**
 * The suite on a Redis that loads deploy/redis/acl.mjs's ACL: every app with its own user, and a
 * smoke flow through the gateway that must work; then what a user must not do is refused.
 */
describe('the Redis ACL of deploy/redis/acl.mjs, with the real apps', () => {
  const prefix = process.env.REDIS_KEY_PREFIX as string;
  const passwords = Object.fromEntries(APP_NAMES.map((app) => [app, randomBytes(18).toString('hex')])) as Record<AppName, string>;
  const urlOf = (app: AppName) => `redis://${app}:${passwords[app]}@127.0.0.1:${redis.port}`;
  const clients: Redis[] = [];
  const as = (app: AppName) => {
    const client = new Redis(urlOf(app), { maxRetriesPerRequest: 0, lazyConnect: true });
    clients.push(client);
    return client;
  };
  let dir: string;
  let redis: RedisServer;
  const running: Array<NodeServiceProcess & { app: AppName }> = [];
  let gatewayUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redis-acl-'));
    const aclFile = join(dir, 'users.acl');
    expect(Object.keys(REDIS_PASSWORD_VARIABLES).sort()).toEqual([...APP_NAMES].sort());
    const env = Object.fromEntries(APP_NAMES.map((app) => [REDIS_PASSWORD_VARIABLES[app], passwords[app]]));
    const generator = startProcess(process.execPath, [REDIS_ACL_GENERATOR, '--prefix', prefix, '--out', aclFile], {
      env: { PATH: process.env.PATH, ...env },
    });
    const status = await generator.exited;
    if (status.code !== 0) throw new Error(`acl.mjs failed: ${generator.output()}`);
    redis = await startRedisServer({ aclFile, auth: { user: 'perf-monitor', password: passwords['perf-monitor'] } });
    await seedDemo();
    const appEnv = (app: AppName) => ({
      REDIS_URL: urlOf(app),
      QUEUE_REDIS_URL: urlOf(app),
      CACHE_REDIS_URL: urlOf(app),
      REDIS_KEY_PREFIX: prefix,
      STORAGE_DIR: join(dir, 'storage'),
      LOG_LEVEL: 'warn',
    });
    const services = APP_NAMES.filter((app) => app !== 'gateway');
    const spawn = async (app: AppName) => Object.assign(await spawnApp(app, appEnv(app), { timeoutMs: 60_000 }), { app });
    running.push(...(await Promise.all(services.map(spawn))));
    const gateway = await spawn('gateway');
    running.push(gateway);
    gatewayUrl = gateway.url;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await Promise.all(running.map((p) => p.stop()));
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets the suite work: login, register, route, the tray, the event back to documentos, a report', async () => {
    const mesa = api(gatewayUrl, await login(gatewayUrl, 'mesa'));
    const areas = (await mesa('GET', '/areas')).body as Array<{ id: number; codigo: string }>;
    const area = Object.fromEntries(areas.map((a) => [a.codigo, a.id]));
    const registrado = await mesa('POST', '/documentos', nuevoDocumento({ areaActualId: area.MP, asunto: 'ACL de Redis' }));
    expect(registrado.status).toBe(201);
    const documentoId = registrado.body.id as string;

    const derivado = await mesa('POST', '/derivaciones', { documentoId, areaDestinoId: area.DG, instrucciones: 'Para su trámite' });
    expect(derivado.status).toBe(201);
    const area2 = api(gatewayUrl, await login(gatewayUrl, 'area2'));
    const bandeja = await area2('GET', '/derivaciones/bandeja?estado=PENDIENTE&limit=100');
    expect(bandeja.status).toBe(200);
    expect((bandeja.body.items as Array<{ id: string }>).map((d) => d.id)).toContain(derivado.body.id);
    // derivacion.creada went through derivaciones' outbox to documentos' consumer group.
    const moved = await waitUntil(async () => (await mesa('GET', `/documentos/${documentoId}`)).body.areaActualId === area.DG, {
      timeoutMs: 30_000,
    });
    expect(moved).toBe(true);

    const reporte = await pedirReporteDeHoy(mesa, 'csv');
    expect(reporte).toMatchObject({ status: 202, estado: 'completed' });
    const descarga = await mesa('GET', `/reportes/${reporte.id}/descarga`);
    expect(descarga).toMatchObject({ status: 200 });
    expect(String(descarga.body)).toContain('ACL de Redis');
  }, 120_000);

  it('was refused nothing while the apps ran the flow: no NOPERM in any log', () => {
    const refusals = running.flatMap((p) => p.output().match(/.*NOPERM.*/g)?.map((line) => `${p.app}: ${line}`) ?? []);
    expect(refusals).toEqual([]);
  });

  it('writes everything under the prefix the ACL names', async () => {
    const perf = as('perf-monitor');
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await perf.scan(cursor, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !k.startsWith(prefix))).toEqual([]);
  });

  const refused = async (command: Promise<unknown>) => {
    const outcome = await command.then(
      () => 'allowed',
      (err: Error) => err.message,
    );
    expect(outcome).toMatch(/^NOPERM/);
  };

  it("refuses documentos' user the other services' streams, queues and counters", async () => {
    const documentos = as('documentos-service');
    await refused(documentos.xadd(`${prefix}bus:req:derivaciones`, '*', 'e', '{}'));
    await refused(documentos.xrange(`${prefix}bus:req:reportes`, '-', '+'));
    await refused(documentos.xreadgroup('GROUP', 'integraciones', 'x', 'STREAMS', `${prefix}bus:req:integraciones`, '>'));
    // It subscribes to derivacion.creada (reads it) but only derivaciones writes it; it writes
    // documento.registrado but only its subscribers read it.
    await refused(documentos.xadd(`${prefix}bus:evt:derivacion.creada`, '*', 'e', '{}'));
    await refused(documentos.xreadgroup('GROUP', 'derivaciones', 'x', 'STREAMS', `${prefix}bus:evt:documento.registrado`, '>'));
    await refused(documentos.xrange(`${prefix}bus:evt:documento.registrado`, '-', '+'));
    await refused(documentos.lrange(`${prefix}bull:generar_reporte_excel:wait`, 0, -1));
    await refused(documentos.get(`${prefix}ratelimit:x`));
    await refused(documentos.del(`${prefix}login:lu:x`));
    await refused(documentos.set('sin-prefijo', '1'));
    await refused(documentos.publish(`${prefix}bus:bc:x`, '1'));
    // What it may do, so the refusals above are about the keys, not a broken login.
    expect(await documentos.xadd(`${prefix}bus:evt:documento.registrado`, 'MAXLEN', '~', '1000', '*', 'e', '{}')).toMatch(/^\d+-\d+$/);
  });

  it("refuses one caller of documentos another caller's replies", async () => {
    const [, streams] = await as('perf-monitor').scan('0', 'MATCH', `${prefix}bus:rep:documentos:gateway:*`, 'COUNT', 10_000);
    expect(streams).toHaveLength(1);
    const derivaciones = as('derivaciones-service');
    await refused(derivaciones.xread('STREAMS', streams[0], '0'));
    await refused(derivaciones.xadd(streams[0], '*', 'e', '{}'));
    await refused(derivaciones.del(streams[0]));
  });

  it("refuses the gateway's user the services' work: no event stream it does not emit, no queue, no cache but the details it reads", async () => {
    const gateway = as('gateway');
    await refused(gateway.xrange(`${prefix}bus:evt:documento.registrado`, '-', '+'));
    await refused(gateway.xreadgroup('GROUP', 'documentos', 'x', 'STREAMS', `${prefix}bus:req:documentos`, '>'));
    // It writes documentos' request stream but cannot read the other callers' requests in it.
    await refused(gateway.xrange(`${prefix}bus:req:documentos`, '-', '+'));
    await refused(gateway.xadd(`${prefix}bus:evt:documento.registrado`, '*', 'e', '{}'));
    await refused(gateway.hgetall(`${prefix}bull:generar_reporte_pdf:meta`));
    await refused(gateway.get(`${prefix}cache:ver:documentos:list`));
    await refused(gateway.get(`${prefix}cache:documentos:list:1:x`));
    // documentos-service's cached details: read, never written.
    expect(await gateway.get(`${prefix}cache:documento:1:ninguno`)).toBeNull();
    await refused(gateway.set(`${prefix}cache:documento:1:ninguno`, '{}'));
  });

  it.each(APP_NAMES)('refuses %s the commands that could wipe, reconfigure or scan Redis', async (app) => {
    const client = as(app);
    await refused(client.flushall());
    await refused(client.flushdb());
    await refused(client.config('GET', '*'));
    await refused(client.keys('*'));
    // DEBUG is not listed: Redis refuses it to every connection before the ACL (enable-debug-command no).
    await refused(client.call('SHUTDOWN', 'NOSAVE'));
    await refused(client.call('ACL', 'LIST'));
    await refused(client.call('MODULE', 'LIST'));
    await refused(client.call('MONITOR'));
    await refused(client.call('SCRIPT', 'FLUSH'));
    await refused(client.call('CLIENT', 'KILL', 'TYPE', 'normal'));
    await refused(client.call('BGSAVE'));
    await refused(client.call('SWAPDB', '0', '1'));
  });

  it('has the default user off: no command without a login, and no login as default', async () => {
    const anonymous = new Redis(redis.url, { maxRetriesPerRequest: 0, lazyConnect: true, enableReadyCheck: false });
    clients.push(anonymous);
    expect(await anonymous.ping().catch((err: Error) => err.message)).toMatch(/^NOAUTH/);
    expect(await anonymous.call('AUTH', 'default', 'anything').catch((err: Error) => err.message)).toMatch(/WRONGPASS/);
  });

  it("refuses another app's password", async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0, lazyConnect: true, enableReadyCheck: false });
    clients.push(client);
    expect(await client.call('AUTH', 'gateway', passwords['reportes-worker']).catch((err: Error) => err.message)).toMatch(/WRONGPASS/);
    expect(await client.call('AUTH', 'gateway', passwords.gateway)).toBe('OK');
  });
});
