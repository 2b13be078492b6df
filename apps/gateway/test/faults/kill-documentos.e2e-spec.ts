import { randomUUID } from 'node:crypto';
import { NodeServiceProcess } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, seedDemo } from '../support';
import { documentsTagged, faultSuite, killReplicaMidStream } from './support';

/**
 * documentos-service, a process from its build output, SIGKILLed in the middle of a stream of
 * keyed registrations while it has registrations committed and unanswered, then replaced.
 */
describe('documentos-service killed in the middle of a keyed stream of registrations', () => {
  const suite = faultSuite('kill-documentos');
  let documentos: NodeServiceProcess;
  let gateway: NodeServiceProcess;

  beforeAll(async () => {
    await seedDemo();
    await suite.open();
    [documentos, gateway] = await Promise.all([suite.spawn('documentos-service'), suite.spawn('gateway')]);
  });

  afterAll(async () => {
    await suite.close();
  });

  it('300 registrations, 20 at a time, retried with their keys: 300 documents, one case number per key, expired requests not run', async () => {
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const tag = `faults-kill-documentos ${randomUUID()}`;
    const registered = documentsTagged(suite.pg, tag);
    await killReplicaMidStream({
      suite,
      app: 'documentos-service',
      service: 'documentos',
      pattern: 'documentos.registrar',
      victim: documentos,
      send: (i, key) => mesa('POST', '/documentos', nuevoDocumento({ asunto: `${tag} ${i}` }), { 'idempotency-key': key }),
      effects: registered,
      numeroOf: (a) => a.body?.numeroExpediente,
    });
  }, 150_000);
});
