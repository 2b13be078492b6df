import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's security headers on every answer. One helmet middleware, made here once and run on
 * each request's raw response: @fastify/helmet builds a new one per request, which cost the
 * gateway more than the liveness answer itself under load.
 */
export function cabecerasDeSeguridad(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const aplicar = helmet(options);
  fastify.addHook('onRequest', (req, reply, done) => aplicar(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
}
