import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { OutboxEvent, RedisStreamsContext, writeOutbox } from '@mesa/shared/bus';
import { CacheService } from '@mesa/shared/cache';
import { DocumentoAtendidoEvent, EstadoDocumento, Events, MovimientoDocumentoEvent } from '@mesa/shared/contracts';
import { documentoActualizado } from '../tramite/documento-actualizado';
import { invalidarDocumentos } from '../tramite/invalidacion';
import { DocumentoMovido, MovimientosRepository } from './movimientos.repository';

/** States documentos decided that a routing must not undo (the next movement cannot be applied over them). */
const RETENIDOS: readonly EstadoDocumento[] = [
  EstadoDocumento.OBSERVADO,
  EstadoDocumento.ARCHIVADO,
  EstadoDocumento.NO_PRESENTADO,
];

/** documentos decides on derivaciones' movements: the document's state is documentos' alone. */
@Injectable()
export class MovimientosService {
  constructor(
    private readonly repo: MovimientosRepository,
    private readonly cache: CacheService,
  ) {}

  /**
   * Decides on a movement derivaciones asks for: state and office, an audit row (the document's
   * historial shows the routing), `documento.actualizado` answering it (with its `secuencia`,
   * also when documentos kept its own state), and `documento.atendido` when the movement answers
   * the document. Idempotent by event id (a redelivery, on this replica or another, changes
   * nothing), and ordered by the movement's `secuencia`: a movement older than one already
   * decided is recorded in the history but does not move the document back. Returns whether the
   * document changed.
   */
  async aplicar(eventId: string | undefined, e: MovimientoDocumentoEvent): Promise<boolean> {
    const cambiado = await this.repo.unaVezPorEvento(eventId, async (m) => {
      const doc = await this.repo.bloquear(m, e.documentoId);
      if (!doc) return false;
      const vigente = e.secuencia > (await this.repo.ultimaSecuencia(m, doc.id));
      const estado = vigente && !RETENIDOS.includes(doc.estado) ? e.estado : doc.estado;
      const area = vigente ? e.areaActualId : doc.areaActualId;
      const mueve = estado !== doc.estado || area !== doc.areaActualId;
      if (!vigente) {
        // A newer movement was decided already, and answered.
        await this.auditar(m, e, doc, null);
        return false;
      }
      const version = mueve ? await this.repo.mover(m, doc.id, estado, area) : doc.version;
      await this.auditar(m, e, doc, mueve ? { estado, area } : null);
      const movido = { ...doc, estado, areaActualId: area, version };
      await writeOutbox(m, 'documentos', [
        { pattern: Events.DOCUMENTO_ACTUALIZADO, data: documentoActualizado(movido, e.secuencia) },
        ...(estado === EstadoDocumento.ATENDIDO && doc.estado !== EstadoDocumento.ATENDIDO
          ? [{ pattern: Events.DOCUMENTO_ATENDIDO, data: atendido(movido, e) }]
          : []),
      ] satisfies OutboxEvent[]);
      return mueve;
    });
    if (cambiado) await invalidarDocumentos(this.cache, [e.documentoId]);
    return !!cambiado;
  }

  private auditar(
    m: EntityManager,
    e: MovimientoDocumentoEvent,
    doc: DocumentoMovido,
    cambio: { estado: EstadoDocumento; area: number | null } | null,
  ): Promise<void> {
    const antes: Record<string, unknown> = {};
    const despues: Record<string, unknown> = {
      derivacionId: e.derivacionId,
      numeroDerivacion: e.numeroDerivacion,
      areaOrigenId: e.areaOrigenId,
      areaDestinoId: e.areaDestinoId,
      secuencia: e.secuencia,
      ...(e.texto ? { texto: e.texto } : {}),
    };
    if (cambio && cambio.estado !== doc.estado) {
      antes.estado = doc.estado;
      despues.estado = cambio.estado;
    }
    if (cambio && cambio.area !== doc.areaActualId) {
      antes.areaActualId = doc.areaActualId;
      despues.areaActualId = cambio.area;
    }
    return this.repo.auditar(m, {
      documentoId: doc.id,
      accion: e.accion,
      usuarioId: e.usuarioId,
      antes,
      despues,
      fecha: e.fecha,
    });
  }
}

function atendido(d: DocumentoMovido, e: MovimientoDocumentoEvent): DocumentoAtendidoEvent {
  return {
    id: d.id,
    numeroExpediente: d.numeroExpediente,
    asunto: d.asunto,
    areaActualId: d.areaActualId,
    origenExterno: d.origenExterno,
    idExterno: d.idExterno,
    derivacionId: e.derivacionId,
    fecha: e.fecha,
  };
}

/** documentos-service's consumer of derivaciones' movements. */
@Controller()
export class MovimientosConsumer {
  constructor(private readonly movimientos: MovimientosService) {}

  @EventPattern(Events.DERIVACION_CREADA)
  async creada(@Payload() e: MovimientoDocumentoEvent, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    await this.movimientos.aplicar(ctx.getEventId(), e);
  }

  @EventPattern(Events.DERIVACION_ACTUALIZADA)
  async actualizada(@Payload() e: MovimientoDocumentoEvent, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    await this.movimientos.aplicar(ctx.getEventId(), e);
  }
}
