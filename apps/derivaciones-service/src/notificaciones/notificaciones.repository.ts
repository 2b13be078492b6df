import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { timedDb, transaccion } from '@mesa/shared/database';

/** A notice to write: to a user or to an office; `dedupeKey` makes writing it twice a no-op. */
export interface NuevaNotificacion {
  usuarioId: string | null;
  areaId: number | null;
  tipo: string;
  titulo: string;
  mensaje: string;
  referenciaId: string | null;
  dedupeKey: string;
}

export interface NotificacionRow {
  id: string;
  usuario_id: string | null;
  area_id: number | null;
  tipo: string;
  titulo: string;
  mensaje: string;
  referencia_id: string | null;
  leida: boolean;
  created_at: Date;
  leida_at: Date | null;
  /** created_at as PostgreSQL prints it (microseconds intact), for the cursor. */
  created_key: string;
}

export interface Destinatario {
  usuarioId: string;
  areaId: number | null;
}

/** Open derivations due between two instants, in deadline order (partial index idx_derivacion_fecha_limite). */
export const POR_VENCER = `
  SELECT id, area_destino_id, numero_expediente, asunto, fecha_limite_atencion, fecha_limite_atencion::text AS clave
    FROM derivaciones.derivacion
   WHERE estado IN ('PENDIENTE', 'RECIBIDO') AND fecha_limite_atencion > $1 AND fecha_limite_atencion <= $2
     AND ($3::timestamptz IS NULL OR (fecha_limite_atencion, id) > ($3::timestamptz, $4::uuid))
   ORDER BY fecha_limite_atencion, id LIMIT $5`;

/** An open derivation coming due, with its keyset position (`clave`: the deadline as PostgreSQL prints it). */
export interface PorVencer {
  id: string;
  area_destino_id: number;
  numero_expediente: string;
  asunto: string;
  fecha_limite_atencion: Date;
  clave: string;
}

const COLUMNAS = `id, usuario_id, area_id, tipo, titulo, mensaje, referencia_id, leida, created_at, leida_at,
  created_at::text AS created_key`;

/** The notifications table: batch inserts deduplicated by dedupe_key, and a user's list. */
@Injectable()
export class NotificacionesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One statement; a dedupe_key already present is skipped, so a retried fan-out or a job run
   * twice notifies no one twice. Returns how many were new.
   */
  async crear(filas: NuevaNotificacion[], m?: EntityManager): Promise<number> {
    if (!filas.length) return 0;
    const run = (q: EntityManager | DataSource) =>
      q.query(
        `WITH i AS (
           INSERT INTO derivaciones.notificacion (usuario_id, area_id, tipo, titulo, mensaje, referencia_id, dedupe_key)
           SELECT usuario_id, area_id, tipo, titulo, mensaje, referencia_id, dedupe_key
             FROM jsonb_to_recordset($1::jsonb) AS x(usuario_id uuid, area_id int, tipo text, titulo text, mensaje text,
               referencia_id text, dedupe_key text)
           ON CONFLICT (dedupe_key) DO NOTHING
           RETURNING 1
         ) SELECT count(*)::int AS n FROM i`,
        [
          JSON.stringify(
            filas.map((f) => ({
              usuario_id: f.usuarioId,
              area_id: f.areaId,
              tipo: f.tipo,
              titulo: f.titulo,
              mensaje: f.mensaje,
              referencia_id: f.referenciaId,
              dedupe_key: f.dedupeKey,
            })),
          ),
        ],
      );
    const rows: { n: number }[] = m ? await run(m) : await timedDb('notificaciones.create_batch', () => run(this.db));
    return rows[0].n;
  }

  /** Up to `limit` open derivations due in (desde, hasta], after `despues` in deadline order (POR_VENCER). */
  porVencer(m: EntityManager, desde: Date, hasta: Date, limit: number, despues?: PorVencer): Promise<PorVencer[]> {
    return m.query(POR_VENCER, [desde, hasta, despues?.clave ?? null, despues?.id ?? null, limit]);
  }

  transaccion<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return transaccion(this.db, operation, fn);
  }

  /**
   * Mine: addressed to me or to my office. Unread first, newest first within each: each half is
   * a backward scan of its (recipient, leida, created_at, id) index, merged and cut to `limit`.
   */
  listar(
    d: Destinatario,
    leida: boolean,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<NotificacionRow[]> {
    const [sql, params] = listarQuery(d, leida, limit, after);
    return timedDb('notificaciones.list', () => this.db.query(sql, params));
  }

  async marcar(d: Destinatario, id: string): Promise<NotificacionRow | undefined> {
    const rows: NotificacionRow[] = await timedDb('notificaciones.mark_read', () =>
      this.db.query(
        `WITH u AS (
           UPDATE derivaciones.notificacion SET leida = true, leida_at = coalesce(leida_at, now())
            WHERE id = $1 AND (usuario_id = $2 OR area_id = $3)
           RETURNING *
         ) SELECT ${COLUMNAS} FROM u`,
        [id, d.usuarioId, d.areaId],
      ),
    );
    return rows[0];
  }

  async marcarTodas(d: Destinatario): Promise<number> {
    const rows: { n: number }[] = await timedDb('notificaciones.mark_all_read', () =>
      this.db.query(
        `WITH u AS (
           UPDATE derivaciones.notificacion SET leida = true, leida_at = now()
            WHERE ((usuario_id = $1 AND NOT leida) OR (area_id = $2 AND NOT leida))
           RETURNING 1
         ) SELECT count(*)::int AS n FROM u`,
        [d.usuarioId, d.areaId],
      ),
    );
    return rows[0].n;
  }
}

/** The list's statement, also EXPLAINed by the plan tests. */
export function listarQuery(
  d: Destinatario,
  leida: boolean,
  limit: number,
  after?: { createdAt: string; id: string },
): [string, unknown[]] {
  const params: unknown[] = [d.usuarioId, d.areaId, leida, limit];
  let keyset = '';
  if (after) {
    params.push(after.createdAt, after.id);
    keyset = 'AND (created_at, id) < ($5::timestamptz, $6::uuid)';
  }
  const parte = (destinatario: string) =>
    `(SELECT ${COLUMNAS} FROM derivaciones.notificacion
       WHERE ${destinatario} AND leida = $3 ${keyset}
       ORDER BY created_at DESC, id DESC LIMIT $4)`;
  return [
    `SELECT * FROM (${parte('usuario_id = $1')} UNION ALL ${parte('area_id = $2::int')}) n
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    params,
  ];
}
