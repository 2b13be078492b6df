import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentoDto, EstadoDerivacion } from '@mesa/shared/contracts';
import { timedDb, transaccion } from '@mesa/shared/database';
import { DOCUMENTOS_REF, documentoVisto, FilaDocumentoRef } from '../documentos-ref/documento-visto';
import { DerivacionRow, DocumentoRefRow } from './derivacion.mapper';

/** A derivation to insert; its number is given by the insert statement. */
export interface NuevaDerivacion {
  id: string;
  fechaDerivacion: Date;
  documentoId: string;
  numeroExpediente: string;
  asunto: string;
  areaOrigenId: number | null;
  areaDestinoId: number;
  usuarioDerivaId: string;
  instrucciones: string;
  fechaLimiteAtencion: Date;
  esUrgente: boolean;
  requiereRespuesta: boolean;
  esCopia: boolean;
  derivacionPadreId: string | null;
}

/** What an action on a derivation changes (updated_at moves with it). */
export interface CambiosDerivacion {
  estado?: EstadoDerivacion;
  areaDestinoId?: number;
  usuarioRecibeId?: string | null;
  usuarioAtiendeId?: string;
  fechaRecepcion?: Date | null;
  fechaAtencion?: Date;
  respuesta?: string;
  motivoRechazo?: string;
  observaciones?: string | null;
}

/** The column of each field a change may set. */
const COLUMNAS_CAMBIO: Record<keyof CambiosDerivacion, string> = {
  estado: 'estado',
  areaDestinoId: 'area_destino_id',
  usuarioRecibeId: 'usuario_recibe_id',
  usuarioAtiendeId: 'usuario_atiende_id',
  fechaRecepcion: 'fecha_recepcion',
  fechaAtencion: 'fecha_atencion',
  respuesta: 'respuesta',
  motivoRechazo: 'motivo_rechazo',
  observaciones: 'observaciones',
};

const ABIERTA = `estado IN ('PENDIENTE', 'RECIBIDO')`;

/** Every write of routing, each timed under its operation name; all run in the caller's transaction. */
@Injectable()
export class DerivacionesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaccion<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return transaccion(this.db, operation, fn);
  }

  /**
   * The documents as derivaciones sees them, their copies locked until commit (in id order, so
   * two bulk routings cannot deadlock): the movements asked for them queue on that lock.
   */
  async bloquearDocumentos(m: EntityManager, ids: string[]): Promise<DocumentoRefRow[]> {
    const filas: FilaDocumentoRef[] = await m.query(
      `${DOCUMENTOS_REF} WHERE r.documento_id = ANY($1::uuid[]) ORDER BY r.documento_id FOR UPDATE OF r`,
      [ids],
    );
    return filas.map(documentoVisto);
  }

  /** Copies made from documentos' answer when an event has not arrived yet; an existing row wins. */
  async insertarDocumentos(docs: DocumentoDto[]): Promise<void> {
    if (!docs.length) return;
    const refs = docs.map((d) => ({
      documento_id: d.id,
      numero_expediente: d.numeroExpediente,
      asunto: d.asunto,
      estado: d.estado,
      area_actual_id: d.areaActualId,
      updated_at: d.updatedAt,
    }));
    await timedDb('derivaciones.ref_insert', () =>
      this.db.query(
        `INSERT INTO derivaciones.documento_ref (documento_id, numero_expediente, asunto, estado, area_actual_id, updated_at)
         SELECT documento_id, numero_expediente, asunto, estado::derivaciones.estado_documento, area_actual_id, updated_at
           FROM jsonb_to_recordset($1::jsonb) AS x(documento_id uuid, numero_expediente text, asunto text, estado text,
             area_actual_id int, updated_at timestamptz)
         ON CONFLICT (documento_id) DO NOTHING`,
        [JSON.stringify(refs)],
      ),
    );
  }

  /** Open principal derivations of the documents (at most one each in practice), locked. */
  abiertasDe(m: EntityManager, documentoIds: string[]): Promise<DerivacionRow[]> {
    return m.query(
      `SELECT * FROM derivaciones.derivacion
        WHERE documento_id = ANY($1::uuid[]) AND NOT es_copia AND ${ABIERTA}
        ORDER BY id FOR UPDATE`,
      [documentoIds],
    );
  }

  /**
   * Inserts derivations numbered DER-<periodo>-NNNNNN in input order. The month's counter row is
   * taken in the same statement and stays locked until commit: concurrent routings queue on it
   * and a rollback returns the numbers, so they stay gap-free. Rows come back in input order.
   */
  insertar(m: EntityManager, periodo: string, filas: NuevaDerivacion[]): Promise<DerivacionRow[]> {
    const input = filas.map((f, i) => ({
      ord: i + 1,
      id: f.id,
      fecha_derivacion: f.fechaDerivacion,
      documento_id: f.documentoId,
      numero_expediente: f.numeroExpediente,
      asunto: f.asunto,
      area_origen_id: f.areaOrigenId,
      area_destino_id: f.areaDestinoId,
      usuario_deriva_id: f.usuarioDerivaId,
      instrucciones: f.instrucciones,
      fecha_limite_atencion: f.fechaLimiteAtencion,
      es_urgente: f.esUrgente,
      requiere_respuesta: f.requiereRespuesta,
      es_copia: f.esCopia,
      derivacion_padre_id: f.derivacionPadreId,
    }));
    return m.query(
      `WITH n AS (
         INSERT INTO derivaciones.contador_derivacion AS c (periodo, ultimo) VALUES ($1, $2)
         ON CONFLICT (periodo) DO UPDATE SET ultimo = c.ultimo + EXCLUDED.ultimo
         RETURNING c.ultimo - $2 AS base
       ), x AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(ord int, id uuid, fecha_derivacion timestamptz, documento_id uuid, numero_expediente text, asunto text,
           area_origen_id int, area_destino_id int, usuario_deriva_id uuid, instrucciones text,
           fecha_limite_atencion timestamptz, es_urgente boolean, requiere_respuesta boolean, es_copia boolean,
           derivacion_padre_id uuid)
       ), d AS (
         INSERT INTO derivaciones.derivacion (id, fecha_derivacion, numero_derivacion, documento_id, numero_expediente, asunto, area_origen_id,
           area_destino_id, usuario_deriva_id, instrucciones, fecha_limite_atencion, es_urgente, requiere_respuesta,
           es_copia, derivacion_padre_id)
         SELECT x.id, x.fecha_derivacion, 'DER-' || $1 || '-' || lpad((n.base + x.ord)::text, 6, '0'), x.documento_id, x.numero_expediente, x.asunto,
           x.area_origen_id, x.area_destino_id, x.usuario_deriva_id, x.instrucciones, x.fecha_limite_atencion,
           x.es_urgente, x.requiere_respuesta, x.es_copia, x.derivacion_padre_id
           FROM x CROSS JOIN n ORDER BY x.ord
         RETURNING *
       )
       SELECT * FROM d ORDER BY numero_derivacion`,
      [periodo, filas.length, JSON.stringify(input)],
    );
  }

  /** Records the movements asked of documentos (see siguienteMovimiento), under the copies' locks. */
  async solicitarMovimientos(m: EntityManager, movimientos: DocumentoRefRow[]): Promise<void> {
    if (!movimientos.length) return;
    await m.query(
      `INSERT INTO derivaciones.movimiento_solicitado AS s (documento_id, secuencia, secuencia_cambio, estado, area_actual_id)
       SELECT documento_id, secuencia, secuencia_cambio, estado::derivaciones.estado_documento, area_actual_id
         FROM jsonb_to_recordset($1::jsonb) AS x(documento_id uuid, secuencia int, secuencia_cambio int, estado text, area_actual_id int)
       ON CONFLICT (documento_id) DO UPDATE SET
         secuencia = EXCLUDED.secuencia, secuencia_cambio = EXCLUDED.secuencia_cambio,
         estado = EXCLUDED.estado, area_actual_id = EXCLUDED.area_actual_id`,
      [JSON.stringify(movimientos)],
    );
  }

  /** Forwarding a received document attends the derivation that brought it. */
  atenderPorReenvio(m: EntityManager, ids: string[], usuarioId: string): Promise<DerivacionRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return m.query(
      `WITH u AS (
         UPDATE derivaciones.derivacion
            SET estado = 'ATENDIDO', usuario_atiende_id = $2, fecha_atencion = now(), updated_at = now(),
                respuesta = coalesce(respuesta, 'Derivado a otra área')
          WHERE id = ANY($1::uuid[]) AND estado = 'RECIBIDO'
         RETURNING *
       ) SELECT * FROM u`,
      [ids, usuarioId],
    );
  }

  bloquear(m: EntityManager, id: string): Promise<DerivacionRow | undefined> {
    return m
      .query(`SELECT * FROM derivaciones.derivacion WHERE id = $1 FOR UPDATE`, [id])
      .then((r: DerivacionRow[]) => r[0]);
  }

  /** Sets the given fields and updated_at; answers the row. */
  async actualizar(m: EntityManager, id: string, cambios: CambiosDerivacion): Promise<DerivacionRow> {
    const campos = Object.keys(cambios) as (keyof CambiosDerivacion)[];
    const sets = campos.map((c, i) => `${COLUMNAS_CAMBIO[c]} = $${i + 2}`);
    const rows: DerivacionRow[] = await m.query(
      `WITH u AS (UPDATE derivaciones.derivacion SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *)
       SELECT * FROM u`,
      [id, ...campos.map((c) => cambios[c])],
    );
    return rows[0];
  }

  /** Whether the document still has an open principal derivation (attending the last one answers it). */
  async quedanAbiertas(m: EntityManager, documentoId: string): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM derivaciones.derivacion WHERE documento_id = $1 AND NOT es_copia AND ${ABIERTA} LIMIT 1`,
      [documentoId],
    );
    return rows.length > 0;
  }

  /** Which of the documents derivaciones already has a copy of. */
  async conocidos(ids: string[]): Promise<Set<string>> {
    const rows: { documento_id: string }[] = await timedDb('derivaciones.ref_find', () =>
      this.db.query(`SELECT documento_id FROM derivaciones.documento_ref WHERE documento_id = ANY($1::uuid[])`, [ids]),
    );
    return new Set(rows.map((r) => r.documento_id));
  }

  /** The document a derivation belongs to (read before locking, to lock the document first). */
  documentoDe(m: EntityManager, id: string): Promise<{ documento_id: string } | undefined> {
    return m
      .query(`SELECT documento_id FROM derivaciones.derivacion WHERE id = $1`, [id])
      .then((r: { documento_id: string }[]) => r[0]);
  }
}
