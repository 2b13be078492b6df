import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { puedeVerArea } from '@mesa/shared/auth';
import { writeOutbox } from '@mesa/shared/bus';
import {
  AccionDerivacionRequest,
  AccionesMovimiento,
  AccionMovimiento,
  Actor,
  DerivacionAccionDto,
  DerivacionesErrors,
  EstadoDerivacion,
  EstadoDocumento,
} from '@mesa/shared/contracts';
import { assertMotivoRechazo, assertTransicionDerivacion, periodoLima } from '@mesa/shared/domain';
import { conflict, DomainException, notFound } from '@mesa/shared/errors';
import { CatalogosDocumentosService } from '../catalogos-documentos/catalogos-documentos.service';
import { siguienteMovimiento } from '../documentos-ref/documento-visto';
import { NotificacionesRepository, NuevaNotificacion } from '../notificaciones/notificaciones.repository';
import { areaInvalida, assertPuedeModificar, texto } from './derivacion.checks';
import { avisoDeRechazo, avisosDeDerivacion, movimiento, SCHEMA } from './derivacion.eventos';
import { DerivacionRow, DocumentoRefRow, esAbierta, toDerivacionDto, toDocumentoRefDto } from './derivacion.mapper';
import { DerivacionesRepository } from './derivaciones.repository';

const noEncontrada = () => notFound(DerivacionesErrors.DERIVACION_NOT_FOUND, 'Derivación no encontrada');

const esCopia = () =>
  new DomainException(
    DerivacionesErrors.DERIVACION_ES_COPIA,
    409,
    'Una copia es informativa: no se reasigna ni se devuelve.',
  );

/**
 * The actions on one derivation: receive, attend, reject, reassign, return. Each locks the
 * document's copy first and then the derivation (the order routing uses too, so no deadlocks),
 * and writes the derivation, the notifications and the movement it asks documentos for in one
 * transaction (see `actuar`).
 */
@Injectable()
export class AccionesDerivacionService {
  constructor(
    private readonly repo: DerivacionesRepository,
    private readonly calendario: CatalogosDocumentosService,
    private readonly notificaciones: NotificacionesRepository,
  ) {}

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
      const avisos = d.es_copia || d.area_origen_id === null ? [] : [avisoDeRechazo(d, d.area_origen_id, motivo)];
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
