import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BusClient } from '@mesa/shared/app';
import { puedeModificar, puedeVerArea } from '@mesa/shared/auth';
import { OutboxEvent, writeOutbox } from '@mesa/shared/bus';
import {
  AccionDerivacionRequest,
  AccionesMovimiento,
  AccionMovimiento,
  Actor,
  ClaveIdempotencia,
  DerivacionAccionDto,
  DerivacionCreadaDto,
  DerivacionesErrors,
  DerivacionMasivaDto,
  DerivarInput,
  DerivarMasivaInput,
  DocumentosErrors,
  DocumentosLotePatterns,
  EstadoDerivacion,
  EstadoDocumento,
  Events,
  MAX_DERIVACION_MASIVA,
  MovimientoDocumentoEvent,
  PorIdsReply,
  PorIdsRequest,
  Services,
  TiposNotificacion,
} from '@mesa/shared/contracts';
import {
  assertFechaLimiteDerivacion,
  assertMotivoRechazo,
  assertPuedeDerivarse,
  assertTransicionDerivacion,
  DerivacionErrors,
  periodoLima,
  PlazoCalculator,
} from '@mesa/shared/domain';
import { unaVez } from '@mesa/shared/database';
import { badRequest, conflict, DomainException, forbidden, notFound } from '@mesa/shared/errors';
import { CalendarioService } from '../calendario/calendario.service';
import { siguienteMovimiento } from '../documentos-ref/documento-visto';
import { NotificacionesRepository, NuevaNotificacion } from '../notificaciones/notificaciones.repository';
import { DerivacionRow, DocumentoRefRow, esAbierta, toDerivacionDto, toDocumentoRefDto } from './derivacion.mapper';
import { DerivacionesRepository, NuevaDerivacion } from './derivaciones.repository';

const SCHEMA = 'derivaciones';

interface Envio {
  areaDestinoId: number;
  instrucciones: string;
  esUrgente: boolean;
  requiereRespuesta: boolean;
  fechaLimite?: string;
  copias: number[];
}

const noEncontrada = () => notFound(DerivacionesErrors.DERIVACION_NOT_FOUND, 'Derivación no encontrada');
const documentoNoEncontrado = () => notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado');

/**
 * Routing of documents between offices and the actions on a derivation. Every change locks the
 * document's copy first and then the derivation (one order everywhere, so no deadlocks), writes
 * the derivations, the notifications and the movement it asks documentos for (documentos owns
 * the document's state and decides) in one transaction, and answers with the document as
 * derivaciones now sees it (see documentoVisto).
 */
@Injectable()
export class DerivacionesService {
  constructor(
    private readonly repo: DerivacionesRepository,
    private readonly calendario: CalendarioService,
    private readonly notificaciones: NotificacionesRepository,
    private readonly bus: BusClient,
  ) {}

  /**
   * With an Idempotency-Key, the key and the answer are written in the routing's transaction
   * (`unaVez`), before its checks: a retry of a routing that committed answers it again rather
   * than finding the document already moved.
   */
  async derivar(actor: Actor, input: DerivarInput, clave?: ClaveIdempotencia): Promise<DerivacionCreadaDto> {
    assertPuedeModificar(actor);
    const envio = await this.validarEnvio({ ...input, copias: input.copias ?? [] });
    await this.asegurarDocumentos(actor, [input.documentoId]);
    const plazos = await this.calendario.plazos();
    return this.repo.transaccion('derivaciones.derive', (m) =>
      unaVez(m, SCHEMA, actor.userId, clave, async () => {
        const { derivaciones, documentos } = await this.derivarEn(m, actor, [input.documentoId], envio, plazos);
        const [principal, ...copias] = derivaciones.map((d) => toDerivacionDto(d));
        return { ...principal, copias, documento: toDocumentoRefDto(documentos[0]) };
      }),
    );
  }

  /** Up to MAX_DERIVACION_MASIVA documents to one office with one instruction, all or none. */
  async derivarMasiva(
    actor: Actor,
    input: DerivarMasivaInput,
    clave?: ClaveIdempotencia,
  ): Promise<DerivacionMasivaDto> {
    assertPuedeModificar(actor);
    const ids = input.documentoIds;
    if (ids.length === 0 || ids.length > MAX_DERIVACION_MASIVA || new Set(ids).size !== ids.length) {
      throw badRequest(
        DerivacionesErrors.LOTE_INVALIDO,
        `Una derivación masiva lleva de 1 a ${MAX_DERIVACION_MASIVA} documentos distintos.`,
        [{ field: 'documentoIds', message: 'vacío, repetido o demasiados' }],
      );
    }
    const envio = await this.validarEnvio({ ...input, copias: [] });
    await this.asegurarDocumentos(actor, ids);
    const plazos = await this.calendario.plazos();
    return this.repo.transaccion('derivaciones.derive_batch', (m) =>
      unaVez(m, SCHEMA, actor.userId, clave, async () => {
        const { derivaciones } = await this.derivarEn(m, actor, ids, envio, plazos);
        return { derivaciones: derivaciones.map((d) => toDerivacionDto(d)) };
      }),
    );
  }

  recibir(actor: Actor, req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    return this.actuar(actor, req.id, 'derivaciones.receive', async (m, d, ref) => {
      assertTransicionDerivacion(d.estado, EstadoDerivacion.RECIBIDO);
      const hecha = await this.repo.actualizar(m, d.id, {
        estado: EstadoDerivacion.RECIBIDO,
        usuarioRecibeId: actor.userId,
        fechaRecepcion: new Date(),
      });
      return { hecha, accion: AccionesMovimiento.RECEPCION, estado: ref.estado, area: ref.area_actual_id };
    });
  }

  /** Attending the last open derivation answers the document (domain rule 5). */
  atender(actor: Actor, req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    const respuesta = texto(req.texto, 'respuesta');
    return this.actuar(actor, req.id, 'derivaciones.attend', async (m, d, ref) => {
      assertTransicionDerivacion(d.estado, EstadoDerivacion.ATENDIDO);
      const hecha = await this.repo.actualizar(m, d.id, {
        estado: EstadoDerivacion.ATENDIDO,
        usuarioAtiendeId: actor.userId,
        fechaAtencion: new Date(),
        respuesta,
      });
      const answered =
        !d.es_copia &&
        ref.estado === EstadoDocumento.EN_PROCESO &&
        !(await this.repo.quedanAbiertas(m, d.documento_id));
      return {
        hecha,
        accion: AccionesMovimiento.ATENCION,
        estado: answered ? EstadoDocumento.ATENDIDO : ref.estado,
        area: ref.area_actual_id,
      };
    });
  }

  /** The document goes back to the office it came from. */
  rechazar(actor: Actor, req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    const motivo = assertMotivoRechazo(req.texto);
    return this.actuar(actor, req.id, 'derivaciones.reject', async (m, d, ref) => {
      assertTransicionDerivacion(d.estado, EstadoDerivacion.RECHAZADO);
      const hecha = await this.repo.actualizar(m, d.id, {
        estado: EstadoDerivacion.RECHAZADO,
        motivoRechazo: motivo,
        usuarioAtiendeId: actor.userId,
        fechaAtencion: new Date(),
      });
      const area = d.es_copia ? ref.area_actual_id : d.area_origen_id;
      const avisos =
        d.es_copia || d.area_origen_id === null
          ? []
          : [
              aviso(
                `rechazo:${d.id}`,
                d.area_origen_id,
                TiposNotificacion.DERIVACION_RECHAZADA,
                'Derivación rechazada',
                `${d.numero_expediente}: ${motivo}`,
                d.id,
              ),
            ];
      return { hecha, accion: AccionesMovimiento.RECHAZO, estado: ref.estado, area, avisos };
    });
  }

  /** An open derivation is sent on to another office instead, which has to receive it. */
  async reasignar(actor: Actor, req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    const areaDestinoId = req.areaDestinoId as number;
    const areas = await this.calendario.areas();
    if (!areas.has(areaDestinoId)) throw areaInvalida();
    return this.actuar(actor, req.id, 'derivaciones.reassign', async (m, d, ref) => {
      if (!esAbierta(d.estado)) assertTransicionDerivacion(d.estado, EstadoDerivacion.PENDIENTE);
      if (d.es_copia) throw esCopia();
      if (areaDestinoId === d.area_destino_id) {
        throw conflict(DerivacionesErrors.AREA_DESTINO_INVALIDA, 'La derivación ya está dirigida a esa área.');
      }
      const hecha = await this.repo.actualizar(m, d.id, {
        areaDestinoId,
        estado: EstadoDerivacion.PENDIENTE,
        usuarioRecibeId: null,
        fechaRecepcion: null,
        observaciones: req.texto?.trim() || null,
      });
      const avisos = avisosDeDerivacion(hecha, `reasignacion:${d.id}:${d.area_destino_id}`);
      return { hecha, accion: AccionesMovimiento.REASIGNACION, estado: ref.estado, area: areaDestinoId, avisos };
    });
  }

  /** The receiving office answers and returns the document to the office that sent it. */
  async devolver(actor: Actor, req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    const nota = texto(req.texto, 'observaciones');
    const plazos = await this.calendario.plazos();
    return this.actuar(actor, req.id, 'derivaciones.return', async (m, d, ref) => {
      if (d.es_copia) throw esCopia();
      assertTransicionDerivacion(d.estado, EstadoDerivacion.ATENDIDO);
      if (d.area_origen_id === null) {
        throw conflict(
          DerivacionesErrors.AREA_DESTINO_INVALIDA,
          'La derivación no tiene área de origen a la cual devolver.',
        );
      }
      const ahora = new Date();
      const hecha = await this.repo.actualizar(m, d.id, {
        estado: EstadoDerivacion.ATENDIDO,
        usuarioAtiendeId: actor.userId,
        fechaAtencion: ahora,
        respuesta: nota,
      });
      const [nueva] = await this.repo.insertar(m, periodoLima(ahora), [
        {
          id: randomUUID(),
          fechaDerivacion: ahora,
          documentoId: d.documento_id,
          numeroExpediente: ref.numero_expediente,
          asunto: ref.asunto,
          areaOrigenId: d.area_destino_id,
          areaDestinoId: d.area_origen_id,
          usuarioDerivaId: actor.userId,
          instrucciones: nota,
          fechaLimiteAtencion: plazos.sumarDiasHabiles(ahora, plazos.plazoPorDefecto('simple')),
          esUrgente: d.es_urgente,
          requiereRespuesta: false,
          esCopia: false,
          derivacionPadreId: d.id,
        },
      ]);
      return {
        hecha,
        nueva,
        accion: AccionesMovimiento.DEVOLUCION,
        estado: EstadoDocumento.EN_PROCESO,
        area: d.area_origen_id,
        avisos: avisosDeDerivacion(nueva),
      };
    });
  }

  /**
   * The copies of the documents, made from documentos' answer for those whose registration event
   * has not arrived yet (a clerk may route a document the moment it is registered). Asking
   * documentos with the caller's identity also applies its office scoping.
   */
  private async asegurarDocumentos(actor: Actor, ids: string[]): Promise<void> {
    const conocidos = await this.repo.conocidos(ids);
    const faltan = ids.filter((id) => !conocidos.has(id));
    if (!faltan.length) return;
    // One request for all of them; documentos answers only those the caller may see.
    const { documentos: docs } = await this.bus.send<PorIdsReply, PorIdsRequest>(
      Services.DOCUMENTOS,
      DocumentosLotePatterns.POR_IDS,
      {
        actor,
        ids: faltan,
      },
    );
    await this.repo.insertarDocumentos(docs);
  }

  private async validarEnvio(
    input: Omit<Envio, 'esUrgente' | 'requiereRespuesta' | 'fechaLimite'> & {
      esUrgente?: boolean;
      requiereRespuesta?: boolean;
      fechaLimiteAtencion?: string;
    },
  ): Promise<Envio> {
    const areas = await this.calendario.areas();
    if (!areas.has(input.areaDestinoId)) throw areaInvalida('areaDestinoId');
    const copias = [...new Set(input.copias)];
    if (copias.length !== input.copias.length || copias.includes(input.areaDestinoId)) {
      throw badRequest(
        DerivacionesErrors.AREA_DESTINO_INVALIDA,
        'Las copias van a áreas distintas entre sí y del destino.',
        [{ field: 'copias', message: 'repetida o igual al destino' }],
      );
    }
    if (copias.some((a) => !areas.has(a))) throw areaInvalida('copias');
    return {
      areaDestinoId: input.areaDestinoId,
      instrucciones: texto(input.instrucciones, 'instrucciones'),
      esUrgente: input.esUrgente ?? false,
      requiereRespuesta: input.requiereRespuesta ?? false,
      fechaLimite: input.fechaLimiteAtencion,
      copias,
    };
  }

  private async derivarEn(m: EntityManager, actor: Actor, ids: string[], envio: Envio, plazos: PlazoCalculator) {
    const ahora = new Date();
    let limite: Date;
    if (envio.fechaLimite) {
      limite = new Date(envio.fechaLimite);
      assertFechaLimiteDerivacion(ahora, limite);
    } else {
      limite = plazos.sumarDiasHabiles(ahora, plazos.plazoPorDefecto(envio.requiereRespuesta ? 'informe' : 'simple'));
    }
    const refs = new Map((await this.repo.bloquearDocumentos(m, ids)).map((r) => [r.documento_id, r]));
    for (const id of ids) {
      const ref = refs.get(id);
      if (!ref || !puedeVerArea(actor, ref.area_actual_id)) throw documentoNoEncontrado();
      assertPuedeDerivarse(ref.estado);
      if (ref.area_actual_id === envio.areaDestinoId) {
        throw conflict(
          DerivacionesErrors.AREA_DESTINO_INVALIDA,
          `El documento ${ref.numero_expediente} ya está en el área de destino.`,
        );
      }
      if (envio.copias.includes(ref.area_actual_id as number)) {
        throw badRequest(
          DerivacionesErrors.AREA_DESTINO_INVALIDA,
          'Una copia no va al área donde ya está el documento.',
          [{ field: 'copias', message: 'es el área actual del documento' }],
        );
      }
    }
    // The office a document is in forwards it by attending the derivation that brought it, which
    // it must have received first: what was not received cannot be attended.
    const abiertas = await this.repo.abiertasDe(m, ids);
    const sinRecibir = abiertas.find((a) => a.estado === EstadoDerivacion.PENDIENTE);
    if (sinRecibir) {
      throw conflict(
        DerivacionErrors.DERIVACION_NO_RECIBIDA,
        `${sinRecibir.numero_derivacion} aún no fue recibida por el área donde está el documento: debe recibirse (o reasignarse) antes de derivarse.`,
      );
    }
    await this.repo.atenderPorReenvio(
      m,
      abiertas.map((a) => a.id),
      actor.userId,
    );

    const filas: NuevaDerivacion[] = ids.flatMap((id) => {
      const ref = refs.get(id) as DocumentoRefRow;
      const principal: NuevaDerivacion = {
        id: randomUUID(),
        fechaDerivacion: ahora,
        documentoId: id,
        numeroExpediente: ref.numero_expediente,
        asunto: ref.asunto,
        areaOrigenId: ref.area_actual_id,
        areaDestinoId: envio.areaDestinoId,
        usuarioDerivaId: actor.userId,
        instrucciones: envio.instrucciones,
        fechaLimiteAtencion: limite,
        esUrgente: envio.esUrgente,
        requiereRespuesta: envio.requiereRespuesta,
        esCopia: false,
        derivacionPadreId: null,
      };
      const copias = envio.copias.map((area) => ({
        ...principal,
        id: randomUUID(),
        areaDestinoId: area,
        esCopia: true,
        derivacionPadreId: principal.id,
      }));
      return [principal, ...copias];
    });
    const derivaciones = await this.repo.insertar(m, periodoLima(ahora), filas);
    const principales = derivaciones.filter((d) => !d.es_copia);
    const movidos = principales.map((d) =>
      siguienteMovimiento(refs.get(d.documento_id) as DocumentoRefRow, EstadoDocumento.EN_PROCESO, d.area_destino_id),
    );
    await this.repo.solicitarMovimientos(m, movidos);
    const porDoc = new Map(movidos.map((r) => [r.documento_id, r]));
    await this.notificaciones.crear(
      derivaciones.flatMap((d) => avisosDeDerivacion(d)),
      m,
    );
    await writeOutbox(
      m,
      SCHEMA,
      principales.map((d) =>
        movimiento(
          d,
          AccionesMovimiento.DERIVACION,
          porDoc.get(d.documento_id) as DocumentoRefRow,
          actor,
          d.instrucciones,
        ),
      ),
    );
    return { derivaciones, documentos: ids.map((id) => porDoc.get(id) as DocumentoRefRow) };
  }

  /**
   * One action on one derivation: locks (document, then derivation), checks the caller's office
   * and role, lets `decidir` change the derivation, then moves the document and writes the
   * movement event and notifications, all in one transaction.
   */
  private async actuar(
    actor: Actor,
    id: string,
    operacion: string,
    decidir: (
      m: EntityManager,
      d: DerivacionRow,
      ref: DocumentoRefRow,
    ) => Promise<{
      hecha: DerivacionRow;
      nueva?: DerivacionRow;
      accion: AccionMovimiento;
      estado: EstadoDocumento;
      area: number | null;
      avisos?: NuevaNotificacion[];
    }>,
  ): Promise<DerivacionAccionDto> {
    return this.repo.transaccion(operacion, async (m) => {
      const previa = await this.repo.documentoDe(m, id);
      if (!previa) throw noEncontrada();
      const [ref] = await this.repo.bloquearDocumentos(m, [previa.documento_id]);
      const d = await this.repo.bloquear(m, id);
      if (!d || !ref || !puedeVerArea(actor, d.area_destino_id)) throw noEncontrada();
      assertPuedeModificar(actor);
      const r = await decidir(m, d, ref);
      let documento = ref;
      if (!d.es_copia) {
        documento = siguienteMovimiento(ref, r.estado, r.area);
        await this.repo.solicitarMovimientos(m, [documento]);
        const evento = movimiento(
          r.nueva ?? r.hecha,
          r.accion,
          documento,
          actor,
          r.hecha.respuesta ?? r.hecha.motivo_rechazo ?? r.hecha.observaciones,
        );
        await writeOutbox(m, SCHEMA, [evento]);
      }
      if (r.avisos?.length) await this.notificaciones.crear(r.avisos, m);
      return {
        ...toDerivacionDto(r.hecha),
        documento: toDocumentoRefDto(documento),
        ...(r.nueva ? { nueva: toDerivacionDto(r.nueva) } : {}),
      };
    });
  }
}

function assertPuedeModificar(actor: Actor): void {
  if (!puedeModificar(actor)) throw forbidden('ROL_NO_PERMITIDO', 'Su rol solo puede consultar derivaciones');
}

function texto(valor: string | undefined, campo: string): string {
  const limpio = typeof valor === 'string' ? valor.trim() : '';
  if (!limpio) throw badRequest('VALIDATION_FAILED', `Falta ${campo}.`, [{ field: campo, message: 'es obligatorio' }]);
  return limpio;
}

const areaInvalida = (field = 'areaDestinoId') =>
  badRequest(DocumentosErrors.AREA_INVALIDA, 'Área inexistente o inactiva', [
    { field, message: 'no existe o está inactiva' },
  ]);

const esCopia = () =>
  new DomainException(
    DerivacionesErrors.DERIVACION_ES_COPIA,
    409,
    'Una copia es informativa: no se reasigna ni se devuelve.',
  );

function aviso(
  clave: string,
  areaId: number,
  tipo: string,
  titulo: string,
  mensaje: string,
  referenciaId: string,
): NuevaNotificacion {
  return {
    usuarioId: null,
    areaId,
    tipo,
    titulo,
    mensaje,
    referenciaId,
    dedupeKey: `${clave}:area:${areaId}`,
  };
}

/** The receiving office hears of a routing once, and once more when it is urgent. */
function avisosDeDerivacion(d: DerivacionRow, clave = `derivacion:${d.id}`): NuevaNotificacion[] {
  const avisos = [
    aviso(
      clave,
      d.area_destino_id,
      TiposNotificacion.DERIVACION_RECIBIDA,
      d.es_copia ? 'Copia de documento' : 'Documento derivado a su área',
      `${d.numero_expediente}: ${d.asunto}`,
      d.id,
    ),
  ];
  if (d.es_urgente) {
    avisos.push(
      aviso(
        `${clave}:urgente`,
        d.area_destino_id,
        TiposNotificacion.DERIVACION_URGENTE,
        'Derivación urgente',
        `${d.numero_expediente}: ${d.asunto}`,
        d.id,
      ),
    );
  }
  return avisos;
}

function movimiento(
  d: DerivacionRow,
  accion: AccionMovimiento,
  doc: DocumentoRefRow,
  actor: Actor,
  textoMovimiento: string | null,
): OutboxEvent {
  const data: MovimientoDocumentoEvent = {
    derivacionId: d.id,
    numeroDerivacion: d.numero_derivacion,
    documentoId: d.documento_id,
    accion,
    secuencia: doc.secuencia,
    estado: doc.estado,
    areaActualId: doc.area_actual_id,
    areaOrigenId: d.area_origen_id,
    areaDestinoId: d.area_destino_id,
    usuarioId: actor.userId,
    texto: textoMovimiento,
    fecha: new Date().toISOString(),
  };
  return {
    pattern: accion === AccionesMovimiento.DERIVACION ? Events.DERIVACION_CREADA : Events.DERIVACION_ACTUALIZADA,
    data,
  };
}
