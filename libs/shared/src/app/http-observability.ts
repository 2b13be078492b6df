import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BlockList } from 'node:net';
import type { Logger } from 'pino';
import { enRedOperativa } from '../config';
import { ErrorCodes, PROBLEM_CONTENT_TYPE, problemDocument } from '../errors';
import { RequestContext } from '../logging';
import { httpActiveRequests, httpRequestDuration, metricsRegistry } from '../metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET = new Set(['/metrics', '/health/live', '/health/ready', '/health/startup']);
const started = Symbol('started');
const active = Symbol('active');

type Timed = FastifyRequest & { [started]?: bigint; [active]?: boolean };

/** Leaves the active-requests gauge once per request, whether it was answered or abandoned. */
function leave(req: Timed): number {
  if (req[active]) {
    req[active] = false;
    httpActiveRequests.dec({ method: req.method });
  }
  return Number(process.hrtime.bigint() - (req[started] ?? process.hrtime.bigint())) / 1e9;
}

/**
 * Fastify hooks for every app: X-Request-Id accepted or created and returned, the request run
 * inside RequestContext (so logs and bus messages carry it), the HTTP metrics with the route
 * template as label (bounded), one log line per request, and GET /metrics.
 */
export function installHttpObservability(fastify: FastifyInstance, logger: Logger, operatorNetworks: BlockList): void {
  soloRedOperativa(fastify, operatorNetworks, ['/metrics']);

  fastify.addHook('onRequest', (req: Timed, reply: FastifyReply, done) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req[started] = process.hrtime.bigint();
    void reply.header('x-request-id', requestId);
    httpActiveRequests.inc({ method: req.method });
    req[active] = true;
    RequestContext.run({ requestId }, () => done());
  });

  fastify.addHook('onResponse', (req: Timed, reply: FastifyReply, done) => {
    const seconds = leave(req);
    const route = req.routeOptions?.url ?? 'unmatched';
    httpRequestDuration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, seconds);
    if (!QUIET.has(route)) {
      logger.info(
        { method: req.method, route, statusCode: reply.statusCode, durationMs: Math.round(seconds * 1000) },
        'request completed',
      );
    }
    done();
  });

  // A client that hangs up before its answer gets no onResponse; count it as nginx does (499).
  fastify.addHook('onRequestAbort', (req: Timed, done) => {
    const seconds = leave(req);
    httpRequestDuration.observe(
      { method: req.method, route: req.routeOptions?.url ?? 'unmatched', status_code: '499' },
      seconds,
    );
    done();
  });

  fastify.get('/metrics', async (_req, reply) => {
    const body = await metricsRegistry.metrics();
    return reply.header('content-type', metricsRegistry.contentType).send(body);
  });
}

/**
 * Operator endpoints (`/metrics`, the OpenAPI page) answer only clients in OPERATOR_NETWORKS;
 * anyone else gets the 404 of a route that does not exist.
 */
export function soloRedOperativa(fastify: FastifyInstance, redes: BlockList, prefijos: string[]): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?')[0];
    if (!prefijos.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}-`)) || enRedOperativa(redes, req.ip)) {
      return done();
    }
    void reply
      .status(404)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemDocument({ code: ErrorCodes.ROUTE_NOT_FOUND, status: 404, title: 'Not Found', detail: `Route ${req.method}:${path} not found` }));
  });
}
