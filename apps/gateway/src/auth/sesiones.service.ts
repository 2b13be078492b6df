import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { MotivoRevocacion } from '@mesa/db-entities';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AccessTokenClaims } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import { Rol } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';
import { DomainException, unauthorized } from '@mesa/shared/errors';
import { AuditoriaAccesoRepository } from './auditoria-acceso.repository';

const PURGE_EVERY_MS = 15 * 60_000;
/** Sessions remembered by the check cache; beyond that the oldest entry goes. */
const CACHE_MAX = 10_000;

/** The user as a new access token must describe them. */
export interface UsuarioVigente {
  id: string;
  username: string;
  rol: Rol;
  areaId: number | null;
  tokenVersion: number;
}

export interface SesionAbierta {
  sid: string;
  refreshToken: string;
  refreshExpiresIn: number;
  usuario: UsuarioVigente;
}

interface Estado {
  vigente: boolean;
  tokenVersion: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const nuevoToken = () => randomBytes(32).toString('base64url');
const refreshInvalido = () =>
  unauthorized('REFRESH_INVALIDO', 'Token de renovación inválido o vencido; inicie sesión de nuevo');

/**
 * Sessions (`gateway.sesion`): each sign-in opens one, a family of refresh tokens that rotate
 * on every use. A token used a second time means it was copied: the whole family is revoked.
 * Every request's access token is checked against its session and user, read at most every
 * AUTH_SESSION_CACHE_MS per session and replica: that is how stale a revocation can be.
 */
@Injectable()
export class SesionesService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new Map<string, { until: number; estado: Promise<Estado> }>();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auditoria: AuditoriaAccesoRepository,
  ) {}

  onModuleInit() {
    this.timer = setInterval(() => void this.purgar().catch(() => undefined), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }

  async abrir(usuario: UsuarioVigente): Promise<SesionAbierta> {
    const ttl = this.config.REFRESH_TOKEN_TTL_SECONDS;
    const refreshToken = nuevoToken();
    const [{ id }] = await timedDb('gateway.sesion_open', () =>
      this.db.query(
        `WITH s AS (
           INSERT INTO gateway.sesion (usuario_id, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id
         )
         INSERT INTO gateway.refresh_token (token_hash, sesion_id) SELECT $3, id FROM s RETURNING sesion_id AS id`,
        [usuario.id, ttl, digest(refreshToken)],
      ),
    );
    return { sid: id, refreshToken, refreshExpiresIn: ttl, usuario };
  }

  /**
   * Exchanges a refresh token for the next one of its family, with the user as they are now.
   * Unknown, expired or revoked: 401. Already used: the family is revoked (and audited), 401.
   */
  async rotar(refreshToken: string, ip: string | null): Promise<SesionAbierta> {
    const next = nuevoToken();
    const result = await this.db.transaction(async (m) => {
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
          [digest(refreshToken)],
        ),
      );
      const row = rows[0];
      if (!row || !row.abierta) return 'invalido' as const;
      if (row.usado) {
        await this.revocarEn(m, row.sesion_id, 'REUSO_REFRESH');
        await this.auditoria.registrar([{ evento: 'REUSO_REFRESH', usuarioId: row.id, ip }], m);
        return 'invalido' as const;
      }
      if (!row.activo) {
        await this.revocarEn(m, row.sesion_id, 'USUARIO');
        return 'invalido' as const;
      }
      await m.query('UPDATE gateway.refresh_token SET usado_at = now() WHERE token_hash = $1', [digest(refreshToken)]);
      await m.query('INSERT INTO gateway.refresh_token (token_hash, sesion_id) VALUES ($1, $2)', [
        digest(next),
        row.sesion_id,
      ]);
      const usuario: UsuarioVigente = {
        id: row.id,
        username: row.username,
        rol: row.rol,
        areaId: row.area_id,
        tokenVersion: row.token_version,
      };
      return { sid: row.sesion_id, refreshToken: next, refreshExpiresIn: row.segundos, usuario };
    });
    if (result === 'invalido') throw refreshInvalido();
    return result;
  }

  /** Logout: the session and every token of it end now. */
  async revocar(sid: string, motivo: MotivoRevocacion): Promise<void> {
    await this.revocarEn(this.db.manager, sid, motivo);
  }

  /** 401 unless the token's session is open and its user active, of the token's version. */
  async comprobar(claims: AccessTokenClaims): Promise<void> {
    const estado = await this.estado(claims.sid, claims.sub);
    if (!estado.vigente || estado.tokenVersion !== claims.ver) {
      throw unauthorized(
        'UNAUTHENTICATED',
        'La sesión terminó o sus permisos cambiaron; renueve el token o inicie sesión',
      );
    }
  }

  private estado(sid: string, usuarioId: string): Promise<Estado> {
    const now = Date.now();
    const hit = this.cache.get(sid);
    if (hit && hit.until > now) return hit.estado;
    const estado = this.leer(sid, usuarioId);
    this.cache.delete(sid);
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(sid, { until: now + this.config.AUTH_SESSION_CACHE_MS, estado });
    // A failed read is not remembered: the next request reads again.
    estado.catch(() => this.cache.get(sid)?.estado === estado && this.cache.delete(sid));
    return estado;
  }

  private async leer(sid: string, usuarioId: string): Promise<Estado> {
    let rows: Array<{ vigente: boolean; token_version: number }>;
    try {
      rows = await timedDb('gateway.sesion_check', () =>
        this.db.query(
          `SELECT s.revocada_at IS NULL AND s.expires_at > now() AND u.activo AS vigente, u.token_version
             FROM gateway.sesion s JOIN gateway.usuario u ON u.id = s.usuario_id
            WHERE s.id = $1 AND s.usuario_id = $2`,
          [sid, usuarioId],
        ),
      );
    } catch {
      // Fails closed: without knowing whether the session still stands, nothing is served.
      throw new DomainException(
        'AUTENTICACION_NO_DISPONIBLE',
        503,
        'No se pudo comprobar la sesión; intente en unos segundos',
      );
    }
    return rows[0]
      ? { vigente: rows[0].vigente, tokenVersion: rows[0].token_version }
      : { vigente: false, tokenVersion: -1 };
  }

  private async revocarEn(m: { query: DataSource['query'] }, sid: string, motivo: MotivoRevocacion): Promise<void> {
    this.cache.delete(sid);
    await timedDb('gateway.sesion_revoke', () =>
      m.query(
        'UPDATE gateway.sesion SET revocada_at = now(), motivo_revocacion = $2 WHERE id = $1 AND revocada_at IS NULL',
        [sid, motivo],
      ),
    );
  }

  /** Ended sessions (and their tokens, by cascade) only take room. */
  private purgar(): Promise<unknown> {
    return timedDb('gateway.sesion_purge', () => this.db.query('DELETE FROM gateway.sesion WHERE expires_at <= now()'));
  }
}
