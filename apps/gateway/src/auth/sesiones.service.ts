import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { MotivoRevocacion } from '@mesa/db-entities';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AccessTokenClaims } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import { DomainException, unauthorized } from '@mesa/shared/errors';
import { AuditoriaAccesoRepository } from './auditoria-acceso.repository';
import { EstadoSesion, SesionesRepository, UsuarioVigente } from './sesiones.repository';

const PURGE_EVERY_MS = 15 * 60_000;
/** Sessions remembered by the check cache; beyond that the oldest entry goes. */
const CACHE_MAX = 10_000;

export interface SesionAbierta {
  sid: string;
  refreshToken: string;
  refreshExpiresIn: number;
  usuario: UsuarioVigente;
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
  private readonly cache = new Map<string, { until: number; estado: Promise<EstadoSesion> }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repo: SesionesRepository,
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
    const sid = await this.repo.abrir(usuario.id, ttl, digest(refreshToken));
    return { sid, refreshToken, refreshExpiresIn: ttl, usuario };
  }

  /**
   * Exchanges a refresh token for the next one of its family, with the user as they are now.
   * Unknown, expired or revoked: 401. Already used: the family is revoked (and audited), 401.
   */
  async rotar(refreshToken: string, ip: string | null): Promise<SesionAbierta> {
    const next = nuevoToken();
    const result = await this.repo.transaccion('gateway.refresh_rotate', async (m) => {
      const t = await this.repo.refreshParaRotar(m, digest(refreshToken));
      if (!t || !t.abierta) return 'invalido' as const;
      if (t.usado) {
        await this.revocarEn(t.sesionId, 'REUSO_REFRESH', m);
        await this.auditoria.registrar([{ evento: 'REUSO_REFRESH', usuarioId: t.usuario.id, ip }], m);
        return 'invalido' as const;
      }
      if (!t.activo) {
        await this.revocarEn(t.sesionId, 'USUARIO', m);
        return 'invalido' as const;
      }
      await this.repo.rotar(m, t.sesionId, digest(refreshToken), digest(next));
      return { sid: t.sesionId, refreshToken: next, refreshExpiresIn: t.segundos, usuario: t.usuario };
    });
    if (result === 'invalido') throw refreshInvalido();
    return result;
  }

  /** Logout: the session and every token of it end now. */
  async revocar(sid: string, motivo: MotivoRevocacion): Promise<void> {
    await this.revocarEn(sid, motivo);
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

  private estado(sid: string, usuarioId: string): Promise<EstadoSesion> {
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

  private async leer(sid: string, usuarioId: string): Promise<EstadoSesion> {
    let estado: EstadoSesion | null;
    try {
      estado = await this.repo.estado(sid, usuarioId);
    } catch {
      // Fails closed: without knowing whether the session still stands, nothing is served.
      throw new DomainException(
        'AUTENTICACION_NO_DISPONIBLE',
        503,
        'No se pudo comprobar la sesión; intente en unos segundos',
      );
    }
    return estado ?? { vigente: false, tokenVersion: -1 };
  }

  private async revocarEn(sid: string, motivo: MotivoRevocacion, m?: EntityManager): Promise<void> {
    this.cache.delete(sid);
    await this.repo.revocar(sid, motivo, m);
  }

  /** Ended sessions (and their tokens, by cascade) only take room. */
  private purgar(): Promise<unknown> {
    return this.repo.purgarVencidas();
  }
}
