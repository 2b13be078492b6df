import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { actorFromClaims, PUBLIC_KEY, ROLES_KEY, verifyBearer } from '@mesa/shared/auth';
import { Actor, Rol } from '@mesa/shared/contracts';
import { forbidden } from '@mesa/shared/errors';
import { RequestContext } from '@mesa/shared/logging';

export type AuthedRequest = FastifyRequest & { actor?: Actor };

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows who. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const claims = await verifyBearer(this.jwt, req.headers.authorization);
    req.actor = actorFromClaims(claims, req.ip);
    const ctx = RequestContext.get();
    if (ctx) ctx.userId = claims.sub;
    const roles = this.reflector.getAllAndOverride<Rol[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(claims.rol)) throw forbidden('FORBIDDEN', 'Su rol no permite esta operación');
    return true;
  }
}
