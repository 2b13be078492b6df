import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { markEventProcessed, RedisStreamsContext } from '@mesa/shared/bus';
import {
  DocumentoActualizadoEvent,
  DocumentoMovidoMarca,
  DocumentoRegistradoEvent,
  Events,
} from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';

/**
 * Keeps derivaciones' copy of each document (case number, subject, state, office) fed by
 * documentos' events, so trays and routing never ask documentos per row.
 *
 * derivaciones decides the office and the routing states (EN_PROCESO, ATENDIDO); documentos
 * decides observation, correction, archiving and NO_PRESENTADO. Events arrive in no particular
 * order: an update older than the document version the copy holds is dropped. A newer one takes
 * from documentos only what documentos decides: the subject and case number always (also on the
 * document's derivations, which the trays show), the state only when it is one documentos sets
 * (or the copy is OBSERVADO and the document was corrected), the office only before the document
 * was first routed. An update that documentos wrote while applying one of our movements (it
 * names the derivation) is an echo: its routing state may lag ours, but being newer, what it
 * says of documentos' own states holds (a movement applied to a document observed meanwhile
 * echoes OBSERVADO, and the observation's own event may come after it and be dropped).
 */
/**
 * The state documentos decides (see above). $6: the event is an echo of one of our movements;
 * $7: its version (events written before versions existed keep the older rule: no echo decides).
 */
const ESTADO = `CASE WHEN (EXCLUDED.estado IN ('OBSERVADO', 'NO_PRESENTADO', 'ARCHIVADO') OR r.estado = 'OBSERVADO')
                     AND ($7::int IS NOT NULL OR NOT $6)
                THEN EXCLUDED.estado ELSE r.estado END`;
/** A registered document's version (documentos' version column starts at 1). */
const VERSION_REGISTRADO = 1;
/** The office, only before derivaciones first moved the document. */
const AREA = `CASE WHEN r.secuencia = 0 AND NOT $6 THEN EXCLUDED.area_actual_id ELSE r.area_actual_id END`;

@Controller()
export class DocumentosRefConsumer {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @EventPattern(Events.DOCUMENTO_REGISTRADO)
  async registrado(@Payload() e: DocumentoRegistradoEvent, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    await this.aplicar(ctx, 'derivaciones.ref_registered', (m) =>
      m.query(
        `INSERT INTO derivaciones.documento_ref
           (documento_id, numero_expediente, asunto, estado, area_actual_id, version_documento, updated_at)
         VALUES ($1, $2, $3, $4, $5, ${VERSION_REGISTRADO}, now()) ON CONFLICT (documento_id) DO NOTHING`,
        [e.id, e.numeroExpediente, e.asunto, e.estado, e.areaActualId],
      ),
    );
  }

  @EventPattern(Events.DOCUMENTO_ACTUALIZADO)
  async actualizado(
    @Payload() e: DocumentoActualizadoEvent & DocumentoMovidoMarca,
    @Ctx() ctx: RedisStreamsContext,
  ): Promise<void> {
    await this.aplicar(ctx, 'derivaciones.ref_updated', async (m) => {
      const aplicada: unknown[] = await m.query(
        `INSERT INTO derivaciones.documento_ref AS r
           (documento_id, numero_expediente, asunto, estado, area_actual_id, version_documento, updated_at)
         VALUES ($1, $2, $3, $4, $5, coalesce($7::int, 0), now())
         ON CONFLICT (documento_id) DO UPDATE SET
           numero_expediente = EXCLUDED.numero_expediente,
           asunto = EXCLUDED.asunto,
           estado = ${ESTADO},
           area_actual_id = ${AREA},
           version_documento = greatest(r.version_documento, EXCLUDED.version_documento),
           updated_at = now()
         -- Events written before they carried a version (during an upgrade) apply as they did.
         WHERE EXCLUDED.version_documento > r.version_documento OR $7::int IS NULL
         RETURNING 1`,
        [e.id, e.numeroExpediente, e.asunto, e.estado, e.areaActualId, !!e.derivacionId, e.version ?? null],
      );
      // A late event leaves the derivations' copies alone too.
      if (!aplicada.length) return;
      // The trays show each derivation's own copy of the case number and subject.
      await m.query(
        `UPDATE derivaciones.derivacion SET numero_expediente = $2, asunto = $3
          WHERE documento_id = $1 AND (numero_expediente <> $2 OR asunto <> $3)`,
        [e.id, e.numeroExpediente, e.asunto],
      );
    });
  }

  private async aplicar(
    ctx: RedisStreamsContext,
    operacion: string,
    fn: (m: import('typeorm').EntityManager) => Promise<unknown>,
  ) {
    const eventId = ctx.getEventId();
    await timedDb(operacion, () =>
      this.db.transaction(async (m) => {
        if (eventId && !(await markEventProcessed(m, 'derivaciones', eventId))) return;
        await fn(m);
      }),
    );
  }
}
