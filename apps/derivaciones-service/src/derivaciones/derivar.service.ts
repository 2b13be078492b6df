import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BusClient } from '@mesa/shared/app';
import { puedeVerArea } from '@mesa/shared/auth';
import { writeOutbox } from '@mesa/shared/bus';
import {
  AccionesMovimiento,
  Actor,
  ClaveIdempotencia,
  DerivacionCreadaDto,
  DerivacionesErrors,
  DerivacionMasivaDto,
  DerivarInput,
  DerivarMasivaInput,
  DocumentosErrors,
  DocumentosLotePatterns,
  EstadoDerivacion,
  EstadoDocumento,
  MAX_DERIVACION_MASIVA,
  PorIdsReply,
  PorIdsRequest,
  Services,
} from '@mesa/shared/contracts';
import {
  assertFechaLimiteDerivacion,
  assertPuedeDerivarse,
  DerivacionErrors,
  periodoLima,
  PlazoCalculator,
} from '@mesa/shared/domain';
import { unaVez } from '@mesa/shared/database';
import { badRequest, conflict, notFound } from '@mesa/shared/errors';
import { CatalogosDocumentosService } from '../catalogos-documentos/catalogos-documentos.service';
import { siguienteMovimiento } from '../documentos-ref/documento-visto';
import { NotificacionesRepository } from '../notificaciones/notificaciones.repository';
import { areaInvalida, assertPuedeModificar, texto } from './derivacion.checks';
import { avisosDeDerivacion, movimiento, SCHEMA } from './derivacion.eventos';
import { DocumentoRefRow, toDerivacionDto, toDocumentoRefDto } from './derivacion.mapper';
import { DerivacionesRepository, NuevaDerivacion } from './derivaciones.repository';

interface Envio {
  areaDestinoId: number;
  instrucciones: string;
  esUrgente: boolean;
  requiereRespuesta: boolean;
  fechaLimite?: string;
  copias: number[];
}

const documentoNoEncontrado = () => notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado');

/**
 * Routing documents to offices (one, or up to MAX_DERIVACION_MASIVA at once). A routing locks
 * the documents' copies, attends the derivations that brought them, writes the new derivations,
 * their notifications and the movements it asks documentos for (documentos owns the document's
 * state and decides) in one transaction, and answers with the documents as derivaciones now sees
 * them (see documentoVisto).
 */
@Injectable()
export class DerivarService {
  constructor(
    private readonly repo: DerivacionesRepository,
    private readonly calendario: CatalogosDocumentosService,
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
}
