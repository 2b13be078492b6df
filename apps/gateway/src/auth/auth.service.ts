import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims } from '@mesa/shared/auth';
import { unauthorized } from '@mesa/shared/errors';
import { counter } from '@mesa/shared/metrics';
import { AccessTokenSigner } from './access-token.signer';
import { AuditoriaAccesoRepository, EventoAuditado } from './auditoria-acceso.repository';
import { TokenDto } from './auth.dto';
import { LoginLimiter, LoginRefused } from './login.limiter';
import { PasswordHasher } from './password.hasher';
import { SesionAbierta, SesionesService } from './sesiones.service';
import { UsuariosRepository } from './usuarios.repository';

/** Results only: no username, no address (bounded and without personal data). */
const logins = counter('auth_login_attempts_total', 'Sign-in attempts by result', ['result']);

/** Users and sessions are the gateway's own data (schema `gateway`). */
@Injectable()
export class AuthService {
  constructor(
    private readonly usuarios: UsuariosRepository,
    private readonly signer: AccessTokenSigner,
    private readonly limiter: LoginLimiter,
    private readonly hasher: PasswordHasher,
    private readonly sesiones: SesionesService,
    private readonly auditoria: AuditoriaAccesoRepository,
  ) {}

  /**
   * Limits first (429/503 before any password work); then exactly one scrypt whether or not the
   * user exists; the same 401 for an unknown user, a deactivated one and a wrong password.
   */
  async login(username: string, password: string, ip: string): Promise<TokenDto> {
    let intento;
    try {
      intento = await this.limiter.admitir(username, ip);
    } catch (err) {
      logins.inc({ result: err instanceof LoginRefused && err.status === 503 ? 'unavailable' : 'refused' });
      throw err;
    }
    const user = await this.usuarios.porUsername(username);
    const activo = user?.activo ? user : null;
    if (!(await this.hasher.verify(password, activo?.passwordHash ?? null)) || !activo) {
      logins.inc({ result: 'failed' });
      const eventos: EventoAuditado[] = [{ evento: 'LOGIN_FALLIDO', usuarioId: user?.id ?? null, ip }];
      if (intento.bloqueaUsuario) eventos.push({ evento: 'BLOQUEO_USUARIO', usuarioId: user?.id ?? null, ip });
      if (intento.bloqueaDireccion) eventos.push({ evento: 'BLOQUEO_DIRECCION', usuarioId: null, ip });
      await this.auditoria.registrar(eventos);
      throw unauthorized('CREDENCIALES_INVALIDAS', 'Usuario o contraseña incorrectos');
    }
    logins.inc({ result: 'ok' });
    await this.limiter.exito(username, ip, intento);
    if (this.hasher.needsRehash(activo.passwordHash)) {
      const passwordHash = await this.hasher.hash(password);
      await this.usuarios.cambiarHashSiIgual(activo.id, activo.passwordHash, passwordHash);
    }
    return this.tokens(await this.sesiones.abrir(activo));
  }

  async refresh(refreshToken: string, ip: string): Promise<TokenDto> {
    return this.tokens(await this.sesiones.rotar(refreshToken, ip));
  }

  logout(claims: AccessTokenClaims): Promise<void> {
    return this.sesiones.revocar(claims.sid, 'LOGOUT');
  }

  private async tokens(s: SesionAbierta): Promise<TokenDto> {
    const u = s.usuario;
    const accessToken = await this.signer.sign({
      sub: u.id,
      username: u.username,
      rol: u.rol,
      areaId: u.areaId,
      sid: s.sid,
      ver: u.tokenVersion,
    });
    return {
      accessToken,
      expiresIn: this.signer.expiresInSeconds,
      tokenType: 'Bearer',
      refreshToken: s.refreshToken,
      refreshExpiresIn: s.refreshExpiresIn,
    };
  }
}
