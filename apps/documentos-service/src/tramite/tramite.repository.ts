import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Documento } from '@mesa/db-entities';
import { AccionesAuditoria, DocumentoActualizadoEvent, EstadoDocumento, Prioridad } from '@mesa/shared/contracts';
import { timedDb, transaccion } from '@mesa/shared/database';

export interface FilaAuditoria {
  documentoId: string | null;
  accion: string;
  usuarioId: string | null;
  ip: string | null;
  antes: unknown;
  despues: unknown;
}

export interface FilaHistorial {
  id: string;
  accion: string;
  usuario_id: string | null;
  ip: string | null;
  antes: unknown;
  despues: unknown;
  created_at: Date;
  /** created_at as PostgreSQL prints it: microseconds intact, for the cursor. */
  created_key: string;
}

/** Closes one batch of expired observations: state, audit rows, in one statement. EXPLAINed by the plan tests. */
export const CERRAR_VENCIDOS = `WITH v AS (
     SELECT id, fecha_limite_subsanacion FROM documentos.documento
      WHERE estado = 'OBSERVADO' AND fecha_limite_subsanacion < $1
      ORDER BY fecha_limite_subsanacion
      LIMIT $2
      FOR UPDATE SKIP LOCKED
   ), u AS (
     UPDATE documentos.documento d
        SET estado = 'NO_PRESENTADO', version = d.version + 1, updated_at = now()
       FROM v WHERE d.id = v.id
     RETURNING d.id, d.numero_expediente, d.asunto, d.area_actual_id, d.prioridad, d.fecha_limite, d.version,
       v.fecha_limite_subsanacion
   ), a AS (
     INSERT INTO documentos.auditoria (documento_id, accion, antes, despues)
     SELECT u.id, $3, jsonb_build_object('estado', 'OBSERVADO'),
       jsonb_build_object('estado', 'NO_PRESENTADO', 'fechaLimiteSubsanacion', u.fecha_limite_subsanacion)
       FROM u
   )
   SELECT id, numero_expediente, asunto, area_actual_id, prioridad, fecha_limite, version FROM u`;

interface Vencido {
  id: string;
  numero_expediente: string;
  asunto: string;
  area_actual_id: number | null;
  prioridad: Prioridad;
  fecha_limite: Date | null;
  version: number;
}

/** Writes of the desk's changes and reads of the audit log, each timed under its operation. */
@Injectable()
export class TramiteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaccion<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return transaccion(this.db, operation, fn);
  }

  /** Turns up to `lote` observations expired before `ahora` into NO_PRESENTADO (CERRAR_VENCIDOS); answers them as they now are. */
  async cerrarVencidos(m: EntityManager, ahora: Date, lote: number): Promise<Omit<DocumentoActualizadoEvent, 'secuenciaMovimiento'>[]> {
    const rows: Vencido[] = await m.query(CERRAR_VENCIDOS, [ahora, lote, AccionesAuditoria.NO_PRESENTADO]);
    return rows.map((r) => ({
      id: r.id,
      numeroExpediente: r.numero_expediente,
      asunto: r.asunto,
      estado: EstadoDocumento.NO_PRESENTADO,
      areaActualId: r.area_actual_id,
      prioridad: r.prioridad,
      fechaLimite: r.fecha_limite?.toISOString() ?? null,
      version: r.version,
    }));
  }

  /** The document with its row locked until the transaction ends: changes to it queue up. */
  bloquear(m: EntityManager, id: string): Promise<Documento | null> {
    return m.getRepository(Documento).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  existe(m: EntityManager, id: string): Promise<boolean> {
    return m.getRepository(Documento).existsBy({ id });
  }

  /** Applies the changes (version and updated_at move with them) and reads the row back. */
  async actualizar(m: EntityManager, id: string, cambios: QueryDeepPartialEntity<Documento>): Promise<Documento> {
    await m.getRepository(Documento).update({ id }, cambios);
    return m.getRepository(Documento).findOneByOrFail({ id });
  }

  async auditar(m: EntityManager, f: FilaAuditoria): Promise<void> {
    await m.query(
      `INSERT INTO documentos.auditoria (documento_id, accion, usuario_id, ip, antes, despues)
       VALUES ($1, $2, $3, $4::inet, $5::jsonb, $6::jsonb)`,
      [f.documentoId, f.accion, f.usuarioId, f.ip, JSON.stringify(f.antes ?? null), JSON.stringify(f.despues ?? null)],
    );
  }

  /**
   * A document's history, oldest first, over idx_auditoria_documento_fecha. Reads (who looked at
   * it) are kept apart in documentos.lectura; an entry without a before or an after is no event.
   */
  historial(documentoId: string, limit: number, after?: { createdAt: string; id: string }): Promise<FilaHistorial[]> {
    const [sql, params] = historialQuery(documentoId, limit, after);
    return timedDb('documentos.historial', () => this.db.query(sql, params));
  }
}

/** The history's statement, also EXPLAINed by the plan tests. */
export function historialQuery(documentoId: string, limit: number, after?: { createdAt: string; id: string }): [string, unknown[]] {
  const params: unknown[] = [documentoId, limit];
  let keyset = '';
  if (after) {
    params.push(after.createdAt, after.id);
    keyset = 'AND (created_at, id) > ($3::timestamptz, $4::bigint)';
  }
  return [
    `SELECT id::text AS id, accion, usuario_id, host(ip) AS ip, antes, despues, created_at, created_at::text AS created_key
       FROM documentos.auditoria
      WHERE documento_id = $1 AND (antes IS NOT NULL OR despues IS NOT NULL) ${keyset}
      ORDER BY created_at, id
      LIMIT $2`,
    params,
  ];
}
