import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier, actorFromClaims, ROLES_KEY } from '@mesa/shared/auth';
import { Actor, Rol } from '@mesa/shared/contracts';
import { forbidden } from '@mesa/shared/errors';

type AuthedRequest = FastifyRequest & { actor?: Actor };

/**
 * Handlers marked @Roles() need the suite's bearer token (the gateway passes the caller's on)
 * with one of those roles; the read-only routes are open on perf-monitor's internal port, like
 * every app's /metrics. It checks signature (the gateway's public key), issuer, audience and
 * expiry, not revocation: that the gateway did before passing the token on, and a token lives
 * JWT_EXPIRES_IN_SECONDS (15 minutes) at most.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Rol[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const claims = await this.verifier.verifyBearer(req.headers.authorization);
    if (!roles.includes(claims.rol)) throw forbidden('FORBIDDEN', 'Su rol no permite esta operación');
    req.actor = actorFromClaims(claims, req.ip);
    return true;
  }
}

export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().actor as Actor,
);
