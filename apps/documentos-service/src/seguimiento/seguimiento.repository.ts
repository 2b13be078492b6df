import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { timedDb } from '@mesa/shared/database';

export interface DocumentoSeguible {
  id: string;
  estado: string;
  area_actual_id: number | null;
  fecha_recepcion: Date;
  fecha_limite: Date | null;
  codigo_seguimiento_hash: string;
}

export interface FilaMovimiento {
  created_at: Date;
  accion: string;
  estado: string | null;
  area_id: number | null;
  cambia_estado: boolean;
}

/** At most this many movements are shown; a case has a handful (registration, routings, states). */
const MAX_MOVIMIENTOS = 200;

/** The few reads of the public tracking and the receipt: by case number (unique index) and by id. */
@Injectable()
export class SeguimientoRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async porNumero(numeroExpediente: string): Promise<DocumentoSeguible | null> {
    const rows: DocumentoSeguible[] = await timedDb('documentos.tracking_by_numero', () =>
      this.db.query(
        `SELECT id, estado, area_actual_id, fecha_recepcion, fecha_limite, codigo_seguimiento_hash
           FROM documentos.documento WHERE numero_expediente = $1`,
        [numeroExpediente],
      ),
    );
    return rows[0] ?? null;
  }

  async hashCodigo(id: string): Promise<string | null> {
    const rows: { codigo_seguimiento_hash: string }[] = await timedDb('documentos.tracking_hash_by_id', () =>
      this.db.query(`SELECT codigo_seguimiento_hash FROM documentos.documento WHERE id = $1`, [id]),
    );
    return rows[0]?.codigo_seguimiento_hash ?? null;
  }

  /**
   * Audit rows that moved the case: its registration and every change of state or office, oldest
   * first, over idx_auditoria_documento_fecha. Only the state and the office are read out of
   * them: whatever else the row holds (who, from where, other fields) never leaves this query.
   * Registration rows are snake_case (the row as inserted), later changes camelCase.
   */
  movimientos(documentoId: string): Promise<FilaMovimiento[]> {
    return timedDb('documentos.tracking_movements', () =>
      this.db.query(
        `SELECT created_at, accion, despues->>'estado' AS estado,
                coalesce(despues->>'areaActualId', despues->>'area_actual_id')::int AS area_id,
                (accion <> 'REGISTRO' AND despues->'estado' IS NOT NULL) AS cambia_estado
           FROM documentos.auditoria
          WHERE documento_id = $1
            AND (accion = 'REGISTRO' OR despues->'estado' IS NOT NULL OR despues->'areaActualId' IS NOT NULL)
          ORDER BY created_at, id
          LIMIT ${MAX_MOVIMIENTOS}`,
        [documentoId],
      ),
    );
  }
}
