import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IdempotentRequest } from './idempotencia.interceptor';

/**
 * The request's `Idempotency-Key` as claimed by `@Idempotente()` (undefined without one), for the
 * payload of the service that writes: it records the key in the write's transaction.
 */
export const Clave = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<IdempotentRequest>().idempotencia;
});
