import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccionesMovimiento,
  AccionMovimiento,
  DocumentoActualizadoEvent,
  EstadoDocumento,
  Prioridad,
} from '@mesa/shared/contracts';
import { transaccionDeEvento } from '@mesa/shared/database';

const ACCIONES = Object.values(AccionesMovimiento);

/** What a movement reads of the document and what its events carry. */
export interface DocumentoMovido extends Omit<DocumentoActualizadoEvent, 'secuenciaMovimiento'> {
  origenExterno: string | null;
  idExterno: string | null;
}

export interface AuditoriaMovimiento {
  documentoId: string;
  accion: AccionMovimiento;
  usuarioId: string | null;
  antes: Record<string, unknown>;
  despues: Record<string, unknown>;
  fecha: string;
}

interface Fila {
  id: string;
  numero_expediente: string;
  asunto: string;
  estado: EstadoDocumento;
  area_actual_id: number | null;
  prioridad: Prioridad;
  fecha_limite: Date | null;
  origen_externo: string | null;
  id_externo: string | null;
  version: number;
}

/** The document's side of derivaciones' movements: its row, its movement history, its audit rows. */
@Injectable()
export class MovimientosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` once per event id (see transaccionDeEvento). */
  unaVezPorEvento<T>(eventId: string | undefined, fn: (m: EntityManager) => Promise<T>): Promise<T | undefined> {
    return transaccionDeEvento(this.db, 'documentos.apply_movement', 'documentos', eventId, fn);
  }

  /** The document, locked until commit: movements of one document apply one after the other. */
  async bloquear(m: EntityManager, id: string): Promise<DocumentoMovido | undefined> {
    const [f]: Fila[] = await m.query(
      `SELECT id, numero_expediente, asunto, estado, area_actual_id, prioridad, fecha_limite, origen_externo, id_externo, version
         FROM documentos.documento WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return f && aDocumento(f);
  }

  /** The highest movement number the document's history records (0: none yet). */
  async ultimaSecuencia(m: EntityManager, documentoId: string): Promise<number> {
    const [{ ultima }] = await m.query(
      `SELECT coalesce(max((despues->>'secuencia')::int), 0) AS ultima FROM documentos.auditoria
        WHERE documento_id = $1 AND accion = ANY($2::text[])`,
      [documentoId, ACCIONES],
    );
    return Number(ultima);
  }

  /** The new state and office; answers the new version. */
  async mover(m: EntityManager, id: string, estado: EstadoDocumento, areaActualId: number | null): Promise<number> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [[{ version }]]: [{ version: number }[], number] = await m.query(
      `UPDATE documentos.documento SET estado = $2, area_actual_id = $3, version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING version`,
      [id, estado, areaActualId],
    );
    return version;
  }

  async auditar(m: EntityManager, a: AuditoriaMovimiento): Promise<void> {
    await m.query(
      `INSERT INTO documentos.auditoria (documento_id, accion, usuario_id, antes, despues, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)`,
      [a.documentoId, a.accion, a.usuarioId, JSON.stringify(a.antes), JSON.stringify(a.despues), a.fecha],
    );
  }
}

function aDocumento(f: Fila): DocumentoMovido {
  return {
    id: f.id,
    numeroExpediente: f.numero_expediente,
    asunto: f.asunto,
    estado: f.estado,
    areaActualId: f.area_actual_id,
    prioridad: f.prioridad,
    fechaLimite: f.fecha_limite ? new Date(f.fecha_limite).toISOString() : null,
    origenExterno: f.origen_externo,
    idExterno: f.id_externo,
    version: f.version,
  };
}
