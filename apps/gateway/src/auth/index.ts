import type { Provider } from '@nestjs/common';
import { AccessTokenVerifier, tokenVerificationKey } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import { AccessTokenSigner } from './access-token.signer';
import { AuditoriaAccesoRepository } from './auditoria-acceso.repository';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login.limiter';
import { PasswordHasher } from './password.hasher';
import { SesionesRepository } from './sesiones.repository';
import { SesionesService } from './sesiones.service';
import { UsuariosRepository } from './usuarios.repository';

export { AuthController } from './auth.controller';
export { AuthGuard } from './auth.guard';

/** Sign-in, sessions and the token keys; a missing production key stops the gateway here. */
export function authProviders(config: AppConfig): Provider[] {
  return [
    { provide: AccessTokenSigner, useValue: AccessTokenSigner.fromConfig(config) },
    { provide: AccessTokenVerifier, useValue: new AccessTokenVerifier(tokenVerificationKey(config)) },
    AuditoriaAccesoRepository,
    AuthService,
    LoginLimiter,
    PasswordHasher,
    SesionesRepository,
    SesionesService,
    UsuariosRepository,
  ];
}
