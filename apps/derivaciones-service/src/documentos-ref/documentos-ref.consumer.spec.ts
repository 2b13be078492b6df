import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RedisStreamsContext } from '@mesa/shared/bus';
import { DocumentoActualizadoEvent, EstadoDocumento, Prioridad } from '@mesa/shared/contracts';
import { BandejasRepository } from '../bandejas/bandejas.repository';
import { DerivacionesRepository } from '../derivaciones/derivaciones.repository';
import { DocumentosRefConsumer } from './documentos-ref.consumer';
import { DocumentosRefRepository } from './documentos-ref.repository';
import { siguienteMovimiento } from './documento-visto';

const DG = 2;
const AJ = 3;

/** Every ordering of the items. */
function permutaciones<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutaciones([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

/**
 * The copy against the run's PostgreSQL: documentos' updates of one document, delivered in every
 * order and some of them twice, leave the same copy, and derivaciones sees the document as
 * documentos decided once every movement it asked for is answered.
 */
describe('derivaciones’ read copy of a document', () => {
  let db: DataSource;
  let consumer: DocumentosRefConsumer;
  let derivaciones: DerivacionesRepository;
  let bandejas: BandejasRepository;

  beforeAll(async () => {
    db = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
    consumer = new DocumentosRefConsumer(new DocumentosRefRepository(db));
    derivaciones = new DerivacionesRepository(db);
    bandejas = new BandejasRepository(db);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  const ctx = (eventId: string) => ({ getEventId: () => eventId }) as unknown as RedisStreamsContext;
  const entregar = (e: DocumentoActualizadoEvent, eventId = randomUUID()) => consumer.actualizado(e, ctx(eventId));
  const copia = async (id: string) =>
    (
      await db.query(
        `SELECT estado, area_actual_id, asunto, version_documento, secuencia_respondida
           FROM derivaciones.documento_ref WHERE documento_id = $1`,
        [id],
      )
    )[0];

  /** Registered in Mesa de Partes (1), routed to DG twice over by derivaciones: what documentos answered. */
  async function documento() {
    const id = randomUUID();
    const base = {
      id,
      numeroExpediente: 'EXP-2026-000001',
      asunto: 'Solicita constancia',
      prioridad: Prioridad.NORMAL,
      fechaLimite: null,
    };
    await consumer.registrado(
      {
        ...base,
        estado: EstadoDocumento.REGISTRADO,
        areaActualId: 1,
        fechaRecepcion: new Date().toISOString(),
        origenExterno: null,
        idExterno: null,
      },
      ctx(randomUUID()),
    );
    const eventos: DocumentoActualizadoEvent[] = [
      // movement 1 (routed to DG) applied
      { ...base, estado: EstadoDocumento.EN_PROCESO, areaActualId: DG, version: 2, secuenciaMovimiento: 1 },
      // movement 2 (received) changed nothing: same version, answered
      { ...base, estado: EstadoDocumento.EN_PROCESO, areaActualId: DG, version: 2, secuenciaMovimiento: 2 },
      // documentos observed it, on its own
      { ...base, estado: EstadoDocumento.OBSERVADO, areaActualId: DG, version: 3 },
      // movement 3 (routed on to AJ) over the observation: the office moves, the state stays
      { ...base, estado: EstadoDocumento.OBSERVADO, areaActualId: AJ, version: 4, secuenciaMovimiento: 3 },
      // corrected, with a new subject
      {
        ...base,
        asunto: 'Solicita constancia (subsanado)',
        estado: EstadoDocumento.EN_PROCESO,
        areaActualId: AJ,
        version: 5,
      },
    ];
    return { id, eventos };
  }

  it('documentos’ updates in any of their 120 orders, each also delivered again, converge on the newest', async () => {
    const { eventos } = await documento();
    const finales = new Set<string>();
    for (const orden of permutaciones([0, 1, 2, 3, 4])) {
      const { id, eventos: propios } = await documento();
      const entregas = orden.map((i) => ({ e: propios[i], eventId: randomUUID() }));
      for (const { e, eventId } of entregas) await entregar(e, eventId);
      // A redelivery of the same entry, and the same update republished under a new id.
      await entregar(entregas[0].e, entregas[0].eventId);
      await entregar(propios[orden[2]]);
      finales.add(JSON.stringify(await copia(id)));
    }
    expect([...finales].map((f) => JSON.parse(f))).toEqual([
      {
        estado: 'EN_PROCESO',
        area_actual_id: AJ,
        asunto: eventos[4].asunto,
        version_documento: 5,
        secuencia_respondida: 3,
      },
    ]);
  });

  it('until documentos answers the movement it asked for, derivaciones sees it as asked; then as documentos decided', async () => {
    const { id, eventos } = await documento();
    await entregar(eventos[0]);
    await entregar(eventos[1]);
    // derivaciones asks for movement 3 (to AJ) while documentos' observation is on its way.
    const [visto] = await derivaciones.transaccion('test.solicitar', async (m) => {
      const [doc] = await derivaciones.bloquearDocumentos(m, [id]);
      const pedido = siguienteMovimiento({ ...doc, secuencia: 2, secuencia_cambio: 1 }, EstadoDocumento.EN_PROCESO, AJ);
      await derivaciones.solicitarMovimientos(m, [pedido]);
      return derivaciones.bloquearDocumentos(m, [id]);
    });
    expect(visto).toMatchObject({ estado: 'EN_PROCESO', area_actual_id: AJ, secuencia: 3, secuencia_cambio: 3 });
    // The observation arrives: documentos has not answered movement 3 yet, so the request still shows.
    await entregar(eventos[2]);
    expect(await bandejas.documento(id)).toMatchObject({ estado: 'EN_PROCESO', area_actual_id: AJ });
    // documentos' answer: it moved the office and kept the observation. That is what counts now.
    await entregar(eventos[3]);
    expect(await bandejas.documento(id)).toMatchObject({ estado: 'OBSERVADO', area_actual_id: AJ, secuencia: 3 });
    // A late answer of an older movement changes neither.
    await entregar(eventos[1]);
    expect(await bandejas.documento(id)).toMatchObject({ estado: 'OBSERVADO', area_actual_id: AJ, secuencia: 3 });
    expect(await copia(id)).toMatchObject({ version_documento: 4, secuencia_respondida: 3 });
  });

  it('a movement that asks for nothing new does not hide what documentos says', async () => {
    const { id, eventos } = await documento();
    const solicitar = (estado: EstadoDocumento, area: number) =>
      derivaciones.transaccion('test.solicitar', async (m) => {
        const [doc] = await derivaciones.bloquearDocumentos(m, [id]);
        await derivaciones.solicitarMovimientos(m, [siguienteMovimiento(doc, estado, area)]);
      });
    await solicitar(EstadoDocumento.EN_PROCESO, DG);
    expect(await bandejas.documento(id)).toMatchObject({ estado: 'EN_PROCESO', area_actual_id: DG, secuencia: 1 });
    await entregar(eventos[0]);
    // Received in DG: the same state and office. documentos has not answered it when it observes the document.
    await solicitar(EstadoDocumento.EN_PROCESO, DG);
    await entregar(eventos[2]);
    expect(await bandejas.documento(id)).toMatchObject({
      estado: 'OBSERVADO',
      area_actual_id: DG,
      secuencia: 2,
      secuencia_cambio: 1,
    });
  });
});
