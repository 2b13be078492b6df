import { randomUUID } from 'node:crypto';
import { NodeServiceProcess } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, seedDemo } from '../support';
import { documentsTagged, expectOneEffectPerKey, faultSuite, streamWithKill } from './support';

/**
 * Two gateways, processes from the build output, in front of one documentos-service; one is
 * SIGKILLed while registrations it sent are committed and unanswered, and started again. The
 * client sends each retry to the next gateway, so it carries on against the live one.
 */
describe('a gateway killed in the middle of a keyed stream of registrations', () => {
  const suite = faultSuite('kill-gateway');
  const gateways: NodeServiceProcess[] = [];

  beforeAll(async () => {
    await seedDemo();
    await suite.open();
    gateways.push(...(await Promise.all([suite.spawn('gateway'), suite.spawn('gateway'), suite.spawn('documentos-service')])).slice(0, 2));
  });

  afterAll(() => suite.close());

  it('300 registrations, 20 at a time, retried with their keys on the other gateway: 300 documents, one case number per key', async () => {
    const token = await login(gateways[0].url, 'mesa');
    const tag = `faults-kill-gateway ${randomUUID()}`;
    const registered = documentsTagged(suite.pg, tag);
    const send = (i: number, key: string, attempt: number) =>
      api(gateways[(i + attempt) % 2].url, token)('POST', '/documentos', nuevoDocumento({ asunto: `${tag} ${i}` }), { 'idempotency-key': key });

    const stream = await streamWithKill({
      total: 300,
      send,
      effects: registered,
      victim: gateways[0],
      replace: async () => (gateways[0] = await suite.spawn('gateway')),
    });

    await expectOneEffectPerKey(stream, registered, (a) => a.body?.numeroExpediente);
  }, 150_000);
});
