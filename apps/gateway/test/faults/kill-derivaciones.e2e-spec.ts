import { randomUUID } from 'node:crypto';
import { NodeServiceProcess } from '@mesa/shared/testing';
import { api, login, nuevoDocumento, seedDemo } from '../support';
import { KeyedStream } from './keyed-stream';
import { faultSuite, killReplicaMidStream, STREAM_TOTAL } from './support';

/** An office no other test file reads: its trays and notifications take this file's hundreds of routings. */
const DESTINO = 'RRHH';
/**
 * derivaciones-service, a process from its build output, SIGKILLed in the middle of a stream of
 * keyed routings while it has routings committed and unanswered, then replaced.
 */
describe('derivaciones-service killed in the middle of a keyed stream of routings', () => {
  const suite = faultSuite('kill-derivaciones');
  let derivaciones: NodeServiceProcess;
  let gateway: NodeServiceProcess;
  const area: Record<string, number> = {};

  beforeAll(async () => {
    await seedDemo();
    await suite.open();
    for (const r of (await suite.pg.query('SELECT id, codigo FROM documentos.area')).rows) area[r.codigo] = r.id;
    [, derivaciones, gateway] = await Promise.all([
      suite.spawn('documentos-service'),
      suite.spawn('derivaciones-service'),
      suite.spawn('gateway'),
    ]);
  });

  afterAll(async () => {
    await suite.close();
  });

  it(`${STREAM_TOTAL} routings, 20 at a time, retried with their keys: ${STREAM_TOTAL} derivations, one number per key, expired requests not run`, async () => {
    const mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    const tag = `faults-kill-derivaciones ${randomUUID()}`;
    const registro = new KeyedStream({
      total: STREAM_TOTAL,
      concurrency: 20,
      send: (i, key) =>
        mesa('POST', '/documentos', nuevoDocumento({ asunto: `${tag} ${i}`, areaActualId: area.MP }), {
          'idempotency-key': key,
        }),
    });
    await registro.run();
    expect(registro.unacknowledged()).toEqual([]);
    const documentos = registro.answers.map((a) => a.body.id as string);
    const derivadas = async () =>
      (
        await suite.pg.query(
          'SELECT documento_id, numero_derivacion FROM derivaciones.derivacion WHERE documento_id = ANY($1::uuid[]) AND NOT es_copia',
          [documentos],
        )
      ).rows.map((r) => ({ i: documentos.indexOf(r.documento_id), numero: r.numero_derivacion as string }));
    await killReplicaMidStream({
      suite,
      app: 'derivaciones-service',
      service: 'derivaciones',
      pattern: 'derivaciones.derivar',
      victim: derivaciones,
      send: (i, key) =>
        mesa(
          'POST',
          '/derivaciones',
          { documentoId: documentos[i], areaDestinoId: area[DESTINO], instrucciones: 'Para su trámite' },
          {
            'idempotency-key': key,
          },
        ),
      effects: derivadas,
      numeroOf: (a) => a.body?.numeroDerivacion,
    });
  }, 150_000);
});
