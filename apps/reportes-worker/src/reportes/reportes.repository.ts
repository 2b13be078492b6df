import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EstadoTarea, FiltrosReporte, FormatoReporte, TipoReporte } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';

export interface ReporteRow {
  id: string;
  tipo: TipoReporte;
  formato: FormatoReporte;
  filtros: FiltrosReporte;
  usuario_id: string;
  estado: EstadoTarea;
  storage_key: string | null;
  tamano: string | null;
  filas: number | null;
  error: string | null;
  intentos: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date | null;
}

const COLUMNAS = `id, tipo, formato, filtros, usuario_id, estado, storage_key, tamano, filas, error, intentos,
  created_at, started_at, finished_at, expires_at`;
const ABIERTA = `estado IN ('waiting', 'active')`;

/** The `reportes.reporte` rows: who asked, which file, the final state. The queue holds the rest. */
@Injectable()
export class ReportesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts the task unless its id (the duplicate window's) exists; either way answers the row. */
  async crear(r: { id: string; tipo: TipoReporte; formato: FormatoReporte; filtros: FiltrosReporte; usuarioId: string }): Promise<{ row: ReporteRow; nueva: boolean }> {
    return timedDb('reportes.create', async () => {
      // Millisecond creation times: the list cursor carries a JavaScript Date.
      const inserted: ReporteRow[] = await this.db.query(
        `INSERT INTO reportes.reporte (id, tipo, formato, filtros, usuario_id, estado, created_at)
         VALUES ($1, $2, $3, $4, $5, 'waiting', date_trunc('milliseconds', clock_timestamp()))
         ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNAS}`,
        [r.id, r.tipo, r.formato, JSON.stringify(r.filtros), r.usuarioId],
      );
      if (inserted.length) return { row: inserted[0], nueva: true };
      const [row] = await this.db.query(`SELECT ${COLUMNAS} FROM reportes.reporte WHERE id = $1`, [r.id]);
      return { row, nueva: false };
    });
  }

  async obtener(id: string): Promise<ReporteRow | undefined> {
    return timedDb('reportes.get', async () => (await this.db.query(`SELECT ${COLUMNAS} FROM reportes.reporte WHERE id = $1`, [id]))[0]);
  }

  /** A user's tasks, newest first (idx_reporte_usuario_fecha, read backwards). */
  listarDeUsuario(usuarioId: string, limit: number, despuesDe?: { createdAt: Date; id: string }): Promise<ReporteRow[]> {
    return timedDb('reportes.list_by_user', () =>
      this.db.query(
        `SELECT ${COLUMNAS} FROM reportes.reporte
          WHERE usuario_id = $1 ${despuesDe ? 'AND (created_at, id) < ($3, $4)' : ''}
          ORDER BY created_at DESC, id DESC LIMIT $2`,
        despuesDe ? [usuarioId, limit, despuesDe.createdAt, despuesDe.id] : [usuarioId, limit],
      ),
    );
  }

  /** An attempt starts; nothing happens (undefined) when the task ended meanwhile (cancelled, or done by an earlier delivery). */
  async iniciar(id: string, intento: number): Promise<ReporteRow | undefined> {
    return timedDb('reportes.start', async () => {
      const [rows] = await this.db.query(
        `UPDATE reportes.reporte SET estado = 'active', started_at = now(), intentos = greatest(intentos, $2)
          WHERE id = $1 AND ${ABIERTA} RETURNING ${COLUMNAS}`,
        [id, intento],
      );
      return rows[0];
    });
  }

  async cancelada(id: string): Promise<boolean> {
    return timedDb('reportes.is_cancelled', async () => {
      const rows: { estado: string }[] = await this.db.query(`SELECT estado FROM reportes.reporte WHERE id = $1`, [id]);
      return rows[0]?.estado === 'cancelled';
    });
  }

  /** The file is in place: false when the task was cancelled meanwhile (the caller deletes the file). */
  async completar(id: string, f: { storageKey: string; tamano: number; filas: number }, ttlHoras: number): Promise<boolean> {
    return timedDb('reportes.complete', async () => {
      const [rows] = await this.db.query(
        `UPDATE reportes.reporte
            SET estado = 'completed', storage_key = $2, tamano = $3, filas = $4, error = NULL,
                finished_at = now(), expires_at = now() + make_interval(hours => $5)
          WHERE id = $1 AND ${ABIERTA} RETURNING id`,
        [id, f.storageKey, f.tamano, f.filas, ttlHoras],
      );
      return rows.length === 1;
    });
  }

  async fallar(id: string, error: string): Promise<void> {
    await timedDb('reportes.fail', () =>
      this.db.query(`UPDATE reportes.reporte SET estado = 'failed', error = $2, finished_at = now() WHERE id = $1 AND ${ABIERTA}`, [id, error.slice(0, 1000)]),
    );
  }

  /** Cancels an open task; undefined when it had already ended. */
  async cancelar(id: string): Promise<ReporteRow | undefined> {
    return timedDb('reportes.cancel', async () => {
      const [rows] = await this.db.query(
        `UPDATE reportes.reporte SET estado = 'cancelled', finished_at = now() WHERE id = $1 AND ${ABIERTA} RETURNING ${COLUMNAS}`,
        [id],
      );
      return rows[0];
    });
  }

  /**
   * Takes up to `limit` expired files off their rows and answers their keys (idx_reporte_expires_at).
   * The row keeps its state and expiry, so a download then answers "expired".
   */
  async retirarExpirados(limit: number): Promise<string[]> {
    return timedDb('reportes.take_expired', async () => {
      const [rows] = await this.db.query(
        `WITH x AS (
           SELECT id FROM reportes.reporte
            WHERE expires_at < now() AND storage_key IS NOT NULL
            ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
         ), prev AS (
           SELECT r.id, r.storage_key FROM reportes.reporte r JOIN x ON x.id = r.id
         )
         UPDATE reportes.reporte r SET storage_key = NULL FROM prev WHERE r.id = prev.id RETURNING prev.storage_key`,
        [limit],
      );
      return (rows as { storage_key: string }[]).map((r) => r.storage_key);
    });
  }
}
