import { randomUUID } from 'node:crypto';
import { NodeServiceProcess, RedisServer, startRedisServer } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, seedDemo } from '../support';
import { documentsTagged, expectOneEffectPerKey, faultSuite, streamWithKill } from './support';

/**
 * Down for longer than the bus deadline (5 s), as a Redis pod that restarts and reloads its AOF
 * may be: what the service was running when Redis went away cannot be answered in time.
 */
const DOWN_MS = 6_000;

/**
 * The bus Redis, a redis-server of this file's own with AOF on as docker-compose.yml and k8s
 * configure it (appendfsync everysec), crashes under a keyed stream of registrations while the
 * service has registrations committed and unanswered, and comes back from its AOF. The apps are
 * processes from the build output and are not restarted.
 */
describe('the bus Redis crashed and restarted in the middle of a keyed stream of registrations', () => {
  let redis: RedisServer;
  let suite: ReturnType<typeof faultSuite>;
  let gateway: NodeServiceProcess;

  beforeAll(async () => {
    await seedDemo();
    redis = await startRedisServer({ appendOnly: true });
    suite = faultSuite('redis-restart', { REDIS_URL: redis.url });
    await suite.open();
    [gateway] = await Promise.all([suite.spawn('gateway'), suite.spawn('documentos-service')]);
  });

  afterAll(async () => {
    await suite?.close();
    await redis?.stop();
  });

  it('300 registrations, 20 at a time, retried with their keys: 300 documents, one case number per key', async () => {
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const tag = `faults-redis-restart ${randomUUID()}`;
    const registered = documentsTagged(suite.pg, tag);
    // Frozen, Redis takes no reply: registrations committed by then stay unanswered.
    const stream = await streamWithKill({
      total: 300,
      send: (i, key) => mesa('POST', '/documentos', nuevoDocumento({ asunto: `${tag} ${i}` }), { 'idempotency-key': key }),
      effects: registered,
      victim: redis.current(),
      replace: () => redis.restart({ downMs: DOWN_MS }),
    });
    await expectOneEffectPerKey(stream, registered, (a) => a.body?.numeroExpediente);
  }, 150_000);
});
