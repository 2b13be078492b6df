import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentoActualizadoEvent, DocumentoRegistradoEvent } from '@mesa/shared/contracts';
import { transaccionDeEvento } from '@mesa/shared/database';

/** A registered document's version (documentos' version column starts at 1). */
const VERSION_REGISTRADO = 1;

/**
 * derivaciones' read copy of each document, written only from documentos' events: an update
 * applies when its version is newer than the copy's, so events may arrive in any order and
 * more than once. The last movement documentos answered only grows, whatever the order.
 */
@Injectable()
export class DocumentosRefRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` once per event id (see transaccionDeEvento). */
  unaVezPorEvento<T>(
    operation: string,
    eventId: string | undefined,
    fn: (m: EntityManager) => Promise<T>,
  ): Promise<T | undefined> {
    return transaccionDeEvento(this.db, operation, 'derivaciones', eventId, fn);
  }

  async registrar(m: EntityManager, e: DocumentoRegistradoEvent): Promise<void> {
    await m.query(
      `INSERT INTO derivaciones.documento_ref
         (documento_id, numero_expediente, asunto, estado, area_actual_id, version_documento, updated_at)
       VALUES ($1, $2, $3, $4, $5, ${VERSION_REGISTRADO}, now()) ON CONFLICT (documento_id) DO NOTHING`,
      [e.id, e.numeroExpediente, e.asunto, e.estado, e.areaActualId],
    );
  }

  /** Applies the update if it is newer than the copy; answers whether it did. */
  async actualizar(m: EntityManager, e: DocumentoActualizadoEvent): Promise<boolean> {
    const respondida = e.secuenciaMovimiento ?? 0;
    const aplicada: unknown[] = await m.query(
      `INSERT INTO derivaciones.documento_ref AS r
         (documento_id, numero_expediente, asunto, estado, area_actual_id, version_documento, secuencia_respondida, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (documento_id) DO UPDATE SET
         numero_expediente = EXCLUDED.numero_expediente,
         asunto = EXCLUDED.asunto,
         estado = EXCLUDED.estado,
         area_actual_id = EXCLUDED.area_actual_id,
         version_documento = EXCLUDED.version_documento,
         secuencia_respondida = greatest(r.secuencia_respondida, EXCLUDED.secuencia_respondida),
         updated_at = now()
       WHERE EXCLUDED.version_documento > r.version_documento
       RETURNING 1`,
      [e.id, e.numeroExpediente, e.asunto, e.estado, e.areaActualId, e.version ?? 0, respondida],
    );
    if (aplicada.length) return true;
    // An older update still says which movement documentos answered (its state is outdated).
    if (respondida) {
      await m.query(
        `UPDATE derivaciones.documento_ref SET secuencia_respondida = $2
          WHERE documento_id = $1 AND secuencia_respondida < $2`,
        [e.id, respondida],
      );
    }
    return false;
  }

  /** The trays show each derivation's own copy of the case number and subject. */
  async renombrarDerivaciones(m: EntityManager, e: DocumentoActualizadoEvent): Promise<void> {
    await m.query(
      `UPDATE derivaciones.derivacion SET numero_expediente = $2, asunto = $3
        WHERE documento_id = $1 AND (numero_expediente <> $2 OR asunto <> $3)`,
      [e.id, e.numeroExpediente, e.asunto],
    );
  }
}
