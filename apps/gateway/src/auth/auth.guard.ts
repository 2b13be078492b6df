import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenClaims, AccessTokenVerifier, actorFromClaims, PUBLIC_KEY, ROLES_KEY } from '@mesa/shared/auth';
import { Actor, Rol } from '@mesa/shared/contracts';
import { forbidden } from '@mesa/shared/errors';
import { RequestContext } from '@mesa/shared/logging';
import { SesionesService } from './sesiones.service';

export type AuthedRequest = FastifyRequest & { actor?: Actor; claims?: AccessTokenClaims };

/**
 * Every route needs a valid bearer token unless marked @Public(); @Roles() narrows who. The
 * token's session must still stand and its user be as the token says (SesionesService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly sesiones: SesionesService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const claims = await this.verifier.verifyBearer(req.headers.authorization);
    await this.sesiones.comprobar(claims);
    req.claims = claims;
    req.actor = actorFromClaims(claims, req.ip);
    const ctx = RequestContext.get();
    if (ctx) ctx.userId = claims.sub;
    const roles = this.reflector.getAllAndOverride<Rol[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(claims.rol)) throw forbidden('FORBIDDEN', 'Su rol no permite esta operación');
    return true;
  }
}
