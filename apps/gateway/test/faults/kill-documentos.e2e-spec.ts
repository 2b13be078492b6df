import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { NodeServiceProcess } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, seedDemo, waitFor } from '../support';
import { crashWithWorkInDoubt, KeyedStream } from './keyed-stream';
import { faultSuite, metric, pendingRequests } from './support';

/**
 * documentos-service, a process from its build output, SIGKILLed in the middle of a stream of
 * keyed registrations while it has registrations committed and unanswered, then replaced.
 */
describe('documentos-service killed in the middle of a keyed stream of registrations', () => {
  const suite = faultSuite('kill-documentos');
  let pg: Client;
  let redis: Redis;
  let documentos: NodeServiceProcess;
  let gateway: NodeServiceProcess;

  beforeAll(async () => {
    await seedDemo();
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    redis = new Redis(process.env.REDIS_URL as string);
    [documentos, gateway] = await Promise.all([suite.spawn('documentos-service'), suite.spawn('gateway')]);
  });

  afterAll(async () => {
    await suite.stopAll();
    await redis?.quit();
    await pg?.end();
  });

  it('300 registrations, 20 at a time, retried with their keys: 300 documents, one case number per key, expired requests not run', async () => {
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const tag = `faults-kill-documentos ${randomUUID()}`;
    const registered = async () =>
      Number((await pg.query('SELECT count(*) AS n FROM documentos.documento WHERE asunto LIKE $1', [`${tag} %`])).rows[0].n);
    let replacement: NodeServiceProcess | undefined;
    let struckInDoubt = false;
    const stream = new KeyedStream({
      total: 300,
      concurrency: 20,
      send: (i, key) => mesa('POST', '/documentos', nuevoDocumento({ asunto: `${tag} ${i}` }), { 'idempotency-key': key }),
      fault: {
        at: 100,
        run: async () => {
          // Committed registrations whose answers are still in the replica, and entries it holds.
          struckInDoubt = await crashWithWorkInDoubt(
            documentos,
            async () => (await registered()) > stream.acknowledged && (await pendingRequests(redis, suite.prefix, 'documentos')) > 0,
          );
          replacement = await suite.spawn('documentos-service');
        },
      },
    });

    await stream.run();

    expect(struckInDoubt).toBe(true);
    expect({ unacknowledged: stream.unacknowledged(), summary: stream.summary() }).toMatchObject({ unacknowledged: [] });
    expect(await registered()).toBe(300);
    const numeros = stream.answers.map((a) => a.body.numeroExpediente as string);
    expect(new Set(numeros).size).toBe(300);
    // The row of each request is the case its key answered.
    const rows = await pg.query('SELECT asunto, numero_expediente FROM documentos.documento WHERE asunto LIKE $1', [`${tag} %`]);
    const porAsunto = new Map(rows.rows.map((r) => [r.asunto as string, r.numero_expediente as string]));
    expect(numeros.filter((n, i) => porAsunto.get(`${tag} ${i}`) !== n)).toEqual([]);

    const replayed = await stream.replay();
    expect(replayed.map((a) => a.body.numeroExpediente)).toEqual(numeros);
    expect(await registered()).toBe(300);

    // The requests the killed replica held outlived their caller's deadline (5 s) before the
    // replacement could claim them (idle 10 s): it drops them unexecuted and counts them.
    const replica = replacement as NodeServiceProcess;
    await waitFor(async () => (await metric(replica, 'bus_expired_requests_total', { pattern: 'documentos.registrar' })) > 0, 40_000);
    expect(await registered()).toBe(300);
  }, 150_000);
});
