import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import { Rol } from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';
import { RequestContext } from '@mesa/shared/logging';
import { ApiProblems } from '../common/problem.schema';

/**
 * perf-monitor's performance API under /api/v1/performance for SRE and ADMIN (cache clearing:
 * ADMIN only), proxied over HTTP with a timeout. perf-monitor's answers, errors included, pass
 * through unchanged; when it does not answer the caller gets a problem JSON 503 or 504.
 */
/** What perf-monitor checks (apps/perf-monitor/src/common/time-window.parser.ts): a duration up to 7d, an ISO 8601 instant or unix seconds. */
const DURACION = { type: 'string', pattern: '^[0-9]{1,5}[smhd]$', maxLength: 6 };
const INSTANTE = { type: 'string', maxLength: 35 };
const RESPUESTA_PERF_MONITOR = { description: "perf-monitor's answer, as it gives it", schema: { type: 'object' } };

@ApiTags('performance')
@ApiBearerAuth()
@Controller('performance')
@Roles(Rol.SRE, Rol.ADMIN)
export class PerformanceController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('health')
  @ApiOperation({
    summary: "Every app's readiness, PostgreSQL, both Redis roles and the queues: healthy, degraded or unhealthy",
  })
  @ApiOkResponse(RESPUESTA_PERF_MONITOR)
  @ApiProblems(401, 403, 503, 504)
  health(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forward(req, reply, 'health');
  }

  @Get('metrics')
  @ApiOperation({
    summary:
      'p50/p95/p99 per route and database operation, cache hit rates, pools and event-loop lag over `window` (e.g. 5m)',
  })
  @ApiQuery({ name: 'window', required: false, schema: DURACION, description: 'A duration: 30s, 5m, 1h or 1d, up to 7d (default 5m)' })
  @ApiOkResponse(RESPUESTA_PERF_MONITOR)
  @ApiProblems(400, 401, 403, 503, 504)
  metrics(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forward(req, reply, 'metrics');
  }

  @Get('analytics')
  @ApiOperation({ summary: 'The same figures as series over `from`..`to` every `step`' })
  @ApiQuery({ name: 'from', required: false, schema: INSTANTE, description: 'ISO 8601 or unix seconds (default: an hour before to)' })
  @ApiQuery({ name: 'to', required: false, schema: INSTANTE, description: 'ISO 8601 or unix seconds (default: now)' })
  @ApiQuery({ name: 'step', required: false, schema: DURACION, description: 'A duration such as 1m' })
  @ApiOkResponse(RESPUESTA_PERF_MONITOR)
  @ApiProblems(400, 401, 403, 503, 504)
  analytics(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forward(req, reply, 'analytics');
  }

  @Get('slow-queries')
  @ApiOperation({
    summary: 'Slow statements (pg_stat_statements) or, without it, slow operations from the apps metrics',
  })
  @ApiQuery({ name: 'window', required: false, schema: DURACION, description: 'A duration: 30s, 5m, 1h or 1d, up to 7d (default 1h)' })
  @ApiOkResponse(RESPUESTA_PERF_MONITOR)
  @ApiProblems(400, 401, 403, 503, 504)
  slowQueries(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forward(req, reply, 'slow-queries');
  }

  @Get('optimization/recommendations')
  @ApiOperation({ summary: 'Index, query, cache and pool advice computed from the statistics, each with its figures' })
  @ApiOkResponse(RESPUESTA_PERF_MONITOR)
  @ApiProblems(401, 403, 503, 504)
  recommendations(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forward(req, reply, 'optimization/recommendations');
  }

  @Post('cache/clear')
  @HttpCode(200)
  @Roles(Rol.ADMIN)
  @ApiOperation({ summary: 'Invalidate one cache namespace ({ namespace }) or all of them ({}); audited' })
  @ApiBody({
    required: false,
    schema: { type: 'object', additionalProperties: false, properties: { namespace: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$', maxLength: 64 } } },
  })
  @ApiOkResponse(RESPUESTA_PERF_MONITOR)
  @ApiProblems(400, 401, 403, 404, 503, 504)
  clearCache(
    @Req() req: FastifyRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // No body is {}; any other body, null included, goes as sent for perf-monitor to judge.
    return this.forward(req, reply, 'cache/clear', body === undefined ? {} : body);
  }

  @Post('benchmark')
  @HttpCode(200)
  @ApiOperation({ summary: 'A short timed probe of PostgreSQL, both Redis roles and every app ({ iterations })' })
  @ApiBody({
    required: false,
    schema: { type: 'object', additionalProperties: false, properties: { iterations: { type: 'integer', format: 'int32', minimum: 1, maximum: 200, default: 20 } } },
  })
  @ApiOkResponse(RESPUESTA_PERF_MONITOR)
  @ApiProblems(400, 401, 403, 503, 504)
  benchmark(
    @Req() req: FastifyRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The benchmark runs for up to 10 s by itself.
    return this.forward(req, reply, 'benchmark', body === undefined ? {} : body, 2 * this.config.PERF_MONITOR_TIMEOUT_MS);
  }

  private async forward(
    req: FastifyRequest,
    reply: FastifyReply,
    path: string,
    body?: unknown,
    timeoutMs = this.config.PERF_MONITOR_TIMEOUT_MS,
  ): Promise<unknown> {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const url = `${this.config.PERF_MONITOR_URL.replace(/\/$/, '')}/api/v1/performance/${path}${query}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          accept: 'application/json',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(RequestContext.get()?.requestId ? { 'x-request-id': RequestContext.get()?.requestId as string } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') {
        throw new DomainException('PERF_MONITOR_TIMEOUT', 504, `perf-monitor no respondió en ${timeoutMs / 1000} s`);
      }
      throw new DomainException('PERF_MONITOR_UNAVAILABLE', 503, 'perf-monitor no está disponible');
    }
    const text = await res.text();
    let payload: unknown;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      throw new DomainException('PERF_MONITOR_UNAVAILABLE', 503, 'perf-monitor respondió algo que no es JSON');
    }
    void reply
      .status(res.status)
      .header('content-type', res.headers.get('content-type') ?? 'application/json; charset=utf-8');
    return payload;
  }
}
