import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { markEventProcessed, OutboxEvent, RedisStreamsContext, writeOutbox } from '@mesa/shared/bus';
import { CacheService } from '@mesa/shared/cache';
import {
  AccionesMovimiento,
  DocumentoActualizadoEvent,
  DocumentoAtendidoEvent,
  DocumentoMovidoMarca,
  EstadoDocumento,
  Events,
  MovimientoDocumentoEvent,
} from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';
import { invalidarDocumentos } from '../tramite/invalidacion';

const ACCIONES = Object.values(AccionesMovimiento);
/** States documentos decided that a routing must not undo (the next movement cannot be applied over them). */
const RETENIDOS: readonly EstadoDocumento[] = [
  EstadoDocumento.OBSERVADO,
  EstadoDocumento.ARCHIVADO,
  EstadoDocumento.NO_PRESENTADO,
];

interface Fila {
  id: string;
  numero_expediente: string;
  asunto: string;
  estado: EstadoDocumento;
  area_actual_id: number | null;
  prioridad: DocumentoActualizadoEvent['prioridad'];
  fecha_limite: Date | null;
  origen_externo: string | null;
  id_externo: string | null;
}

/** The movement's effect on the document, in one transaction with its audit row. */
@Injectable()
export class MovimientosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: CacheService,
  ) {}

  /**
   * Applies a movement of derivaciones to the document: state and office, an audit row (the
   * document's historial shows the routing), `documento.actualizado` for the other copies, and
   * `documento.atendido` when the movement answers it. Idempotent by event id (a redelivery, on
   * this replica or another, changes nothing), and ordered by the movement's `secuencia`: a
   * movement older than one already applied is recorded in the history but does not move the
   * document back. Returns whether the document changed.
   */
  async aplicar(eventId: string | undefined, e: MovimientoDocumentoEvent): Promise<boolean> {
    const cambiado = await timedDb('documentos.apply_movement', () =>
      this.db.transaction(async (m) => {
        if (eventId && !(await markEventProcessed(m, 'documentos', eventId))) return false;
        const [doc]: Fila[] = await m.query(
          `SELECT id, numero_expediente, asunto, estado, area_actual_id, prioridad, fecha_limite, origen_externo, id_externo
             FROM documentos.documento WHERE id = $1 FOR UPDATE`,
          [e.documentoId],
        );
        if (!doc) return false;
        const [{ ultima }] = await m.query(
          `SELECT coalesce(max((despues->>'secuencia')::int), 0) AS ultima FROM documentos.auditoria
            WHERE documento_id = $1 AND accion = ANY($2::text[])`,
          [e.documentoId, ACCIONES],
        );
        const vigente = e.secuencia > Number(ultima);
        const estado = vigente && !RETENIDOS.includes(doc.estado) ? e.estado : doc.estado;
        const area = vigente ? e.areaActualId : doc.area_actual_id;
        const mueve = estado !== doc.estado || area !== doc.area_actual_id;
        if (!mueve) {
          await this.auditar(m, e, doc, null);
          return false;
        }
        // TypeORM answers an UPDATE with [rows, rowCount].
        const [[{ version }]]: [{ version: number }[], number] = await m.query(
          `UPDATE documentos.documento SET estado = $2, area_actual_id = $3, version = version + 1, updated_at = now()
            WHERE id = $1 RETURNING version`,
          [doc.id, estado, area],
        );
        await this.auditar(m, e, doc, { estado, area });
        const evento: DocumentoActualizadoEvent & DocumentoMovidoMarca = {
          id: doc.id,
          numeroExpediente: doc.numero_expediente,
          asunto: doc.asunto,
          estado,
          areaActualId: area,
          prioridad: doc.prioridad,
          fechaLimite: doc.fecha_limite ? new Date(doc.fecha_limite).toISOString() : null,
          version,
          derivacionId: e.derivacionId,
        };
        const eventos: OutboxEvent[] = [{ pattern: Events.DOCUMENTO_ACTUALIZADO, data: evento }];
        if (estado === EstadoDocumento.ATENDIDO && doc.estado !== EstadoDocumento.ATENDIDO) {
          const atendido: DocumentoAtendidoEvent = {
            id: doc.id,
            numeroExpediente: doc.numero_expediente,
            asunto: doc.asunto,
            areaActualId: area,
            origenExterno: doc.origen_externo,
            idExterno: doc.id_externo,
            derivacionId: e.derivacionId,
            fecha: e.fecha,
          };
          eventos.push({ pattern: Events.DOCUMENTO_ATENDIDO, data: atendido });
        }
        await writeOutbox(m, 'documentos', eventos);
        return true;
      }),
    );
    if (cambiado) await invalidarDocumentos(this.cache, [e.documentoId]);
    return cambiado;
  }

  private async auditar(
    m: EntityManager,
    e: MovimientoDocumentoEvent,
    doc: Fila,
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
    if (cambio && cambio.area !== doc.area_actual_id) {
      antes.areaActualId = doc.area_actual_id;
      despues.areaActualId = cambio.area;
    }
    await m.query(
      `INSERT INTO documentos.auditoria (documento_id, accion, usuario_id, antes, despues, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)`,
      [doc.id, e.accion, e.usuarioId, JSON.stringify(antes), JSON.stringify(despues), e.fecha],
    );
  }
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
