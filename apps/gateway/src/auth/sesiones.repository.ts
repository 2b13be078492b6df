import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { MotivoRevocacion } from '@mesa/db-entities';
import { Rol } from '@mesa/shared/contracts';
import { timedDb, transaccion } from '@mesa/shared/database';

/** The user as a new access token must describe them. */
export interface UsuarioVigente {
  id: string;
  username: string;
  rol: Rol;
  areaId: number | null;
  tokenVersion: number;
}

/** A refresh token with its session and user, as read (and locked) to rotate it. */
export interface RefreshLeido {
  sesionId: string;
  /** Already exchanged once: a second use means it was copied. */
  usado: boolean;
  /** The session is neither revoked nor expired. */
  abierta: boolean;
  /** Seconds the session has left. */
  segundos: number;
  activo: boolean;
  usuario: UsuarioVigente;
}

/** Whether a session still stands, and the token version of its user. */
export interface EstadoSesion {
  vigente: boolean;
  tokenVersion: number;
}

/** Rows of `gateway.sesion` and `gateway.refresh_token` (token hashes only, never the tokens). */
@Injectable()
export class SesionesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaccion<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return transaccion(this.db, operation, fn);
  }

  /** A new session with its first refresh token, in one statement; answers the session id. */
  async abrir(usuarioId: string, ttlSeconds: number, refreshHash: string): Promise<string> {
    const [{ id }]: { id: string }[] = await timedDb('gateway.sesion_open', () =>
      this.db.query(
        `WITH s AS (
           INSERT INTO gateway.sesion (usuario_id, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id
         )
         INSERT INTO gateway.refresh_token (token_hash, sesion_id) SELECT $3, id FROM s RETURNING sesion_id AS id`,
        [usuarioId, ttlSeconds, refreshHash],
      ),
    );
    return id;
  }

  /** The refresh token, its session and user, rows locked until `m` ends; null when unknown. */
  async refreshParaRotar(m: EntityManager, refreshHash: string): Promise<RefreshLeido | null> {
    const rows: Array<{
      sesion_id: string;
      usado: boolean;
      abierta: boolean;
      segundos: number;
      id: string;
      username: string;
      rol: Rol;
      area_id: number | null;
      token_version: number;
      activo: boolean;
    }> = await timedDb('gateway.refresh_token_lookup', () =>
      m.query(
        `SELECT t.sesion_id, t.usado_at IS NOT NULL AS usado,
                s.revocada_at IS NULL AND s.expires_at > now() AS abierta,
                GREATEST(0, floor(extract(epoch FROM s.expires_at - now())))::int AS segundos,
                u.id, u.username, u.rol, u.area_id, u.token_version, u.activo
           FROM gateway.refresh_token t
           JOIN gateway.sesion s ON s.id = t.sesion_id
           JOIN gateway.usuario u ON u.id = s.usuario_id
          WHERE t.token_hash = $1
            FOR UPDATE OF t, s`,
        [refreshHash],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      sesionId: row.sesion_id,
      usado: row.usado,
      abierta: row.abierta,
      segundos: row.segundos,
      activo: row.activo,
      usuario: { id: row.id, username: row.username, rol: row.rol, areaId: row.area_id, tokenVersion: row.token_version },
    };
  }

  /** Marks `usadoHash` used and adds `siguienteHash` to the same session. */
  async rotar(m: EntityManager, sesionId: string, usadoHash: string, siguienteHash: string): Promise<void> {
    await timedDb('gateway.refresh_token_rotate', async () => {
      await m.query('UPDATE gateway.refresh_token SET usado_at = now() WHERE token_hash = $1', [usadoHash]);
      await m.query('INSERT INTO gateway.refresh_token (token_hash, sesion_id) VALUES ($1, $2)', [siguienteHash, sesionId]);
    });
  }

  async revocar(sid: string, motivo: MotivoRevocacion, m: EntityManager = this.db.manager): Promise<void> {
    await timedDb('gateway.sesion_revoke', () =>
      m.query(
        'UPDATE gateway.sesion SET revocada_at = now(), motivo_revocacion = $2 WHERE id = $1 AND revocada_at IS NULL',
        [sid, motivo],
      ),
    );
  }

  /** The session of that user as it stands now; null when there is no such session. */
  async estado(sid: string, usuarioId: string): Promise<EstadoSesion | null> {
    const rows: Array<{ vigente: boolean; token_version: number }> = await timedDb('gateway.sesion_check', () =>
      this.db.query(
        `SELECT s.revocada_at IS NULL AND s.expires_at > now() AND u.activo AS vigente, u.token_version
           FROM gateway.sesion s JOIN gateway.usuario u ON u.id = s.usuario_id
          WHERE s.id = $1 AND s.usuario_id = $2`,
        [sid, usuarioId],
      ),
    );
    return rows[0] ? { vigente: rows[0].vigente, tokenVersion: rows[0].token_version } : null;
  }

  /** Ended sessions (and their tokens, by cascade) only take room. */
  purgarVencidas(): Promise<unknown> {
    return timedDb('gateway.sesion_purge', () => this.db.query('DELETE FROM gateway.sesion WHERE expires_at <= now()'));
  }
}
