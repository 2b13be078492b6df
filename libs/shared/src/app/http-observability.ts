import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { RequestContext } from '../logging';
import { httpActiveRequests, httpRequestDuration, metricsRegistry } from '../metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET = new Set(['/metrics', '/health/live', '/health/ready', '/health/startup']);
const started = Symbol('started');

/**
 * Fastify hooks for every app: X-Request-Id accepted or created and returned, the request run
 * inside RequestContext (so logs and bus messages carry it), the HTTP metrics with the route
 * template as label (bounded), one log line per request, and GET /metrics.
 */
export function installHttpObservability(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (req: FastifyRequest & { [started]?: bigint }, reply: FastifyReply, done) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req[started] = process.hrtime.bigint();
    void reply.header('x-request-id', requestId);
    httpActiveRequests.inc({ method: req.method });
    RequestContext.run({ requestId }, () => done());
  });

  fastify.addHook('onResponse', (req: FastifyRequest & { [started]?: bigint }, reply: FastifyReply, done) => {
    const seconds = Number(process.hrtime.bigint() - (req[started] ?? process.hrtime.bigint())) / 1e9;
    const route = req.routeOptions?.url ?? 'unmatched';
    httpActiveRequests.dec({ method: req.method });
    httpRequestDuration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, seconds);
    if (!QUIET.has(route)) {
      logger.info(
        { method: req.method, route, statusCode: reply.statusCode, durationMs: Math.round(seconds * 1000) },
        'request completed',
      );
    }
    done();
  });

  fastify.get('/metrics', async (_req, reply) => {
    const body = await metricsRegistry.metrics();
    return reply.header('content-type', metricsRegistry.contentType).send(body);
  });
}
