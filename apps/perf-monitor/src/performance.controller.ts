import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { Roles } from '@mesa/shared/auth';
import { Actor, Rol } from '@mesa/shared/contracts';
import { badRequest } from '@mesa/shared/errors';
import { BenchmarkService } from './benchmark/benchmark.service';
import { CacheClearService } from './cache/cache-clear.service';
import { CurrentActor } from './common/roles.guard';
import { parseDuration, parseInstant } from './common/time-window.parser';
import { HealthReportService } from './health/health-report.service';
import { RecommendationsService } from './recommendations/recommendations.service';
import { SlowQueriesService } from './slow-queries/slow-queries.service';
import { SummaryService } from './summary/summary.service';

/** At most this many points per series in /analytics. */
const MAX_POINTS = 500;
const NAMESPACE = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The performance API of the seed (health, metrics, analytics, slow queries, cache clear,
 * recommendations, benchmark). The gateway serves it under /api/v1/performance for SRE and ADMIN.
 */
@Controller('api/v1/performance')
export class PerformanceController {
  constructor(
    private readonly health: HealthReportService,
    private readonly summary: SummaryService,
    private readonly slow: SlowQueriesService,
    private readonly recommendations: RecommendationsService,
    private readonly cache: CacheClearService,
    private readonly benchmark: BenchmarkService,
  ) {}

  @Get('health')
  healthReport() {
    return this.health.report();
  }

  @Get('metrics')
  metrics(@Query('window') window?: string) {
    return this.summary.summary(parseDuration(window, '5m', 'window'));
  }

  @Get('analytics')
  analytics(@Query('from') from?: string, @Query('to') to?: string, @Query('step') step?: string) {
    const end = parseInstant(to, Math.floor(Date.now() / 1000), 'to');
    const start = parseInstant(from, end - 3600, 'from');
    if (start >= end)
      throw badRequest('VALIDATION_FAILED', 'from debe ser anterior a to', [
        { field: 'from', message: 'posterior a to' },
      ]);
    const stepSeconds = step ? parseDuration(step, '1m', 'step') : Math.max(15, Math.ceil((end - start) / 60));
    if ((end - start) / stepSeconds > MAX_POINTS) {
      throw badRequest('VALIDATION_FAILED', `A lo sumo ${MAX_POINTS} puntos por serie: amplíe step`, [
        { field: 'step', message: 'demasiados puntos' },
      ]);
    }
    return this.summary.analytics({ start, end, step: stepSeconds });
  }

  @Get('slow-queries')
  slowQueries(@Query('window') window?: string) {
    return this.slow.report(parseDuration(window, '1h', 'window'));
  }

  @Get('optimization/recommendations')
  recommendationsReport() {
    return this.recommendations.recommendations();
  }

  @Post('cache/clear')
  @HttpCode(200)
  @Roles(Rol.ADMIN)
  clearCache(@CurrentActor() actor: Actor, @Body() body: unknown) {
    const b = soloCampos(body, ['namespace']);
    if (b.namespace !== undefined && (typeof b.namespace !== 'string' || !NAMESPACE.test(b.namespace))) {
      throw badRequest('VALIDATION_FAILED', 'namespace inválido', [
        { field: 'namespace', message: 'texto de 1 a 64 caracteres [A-Za-z0-9_.:-]' },
      ]);
    }
    return this.cache.clear(actor, b.namespace as string | undefined);
  }

  @Post('benchmark')
  @HttpCode(200)
  @Roles(Rol.SRE, Rol.ADMIN)
  runBenchmark(@Body() body: unknown) {
    // Only an absent field takes the default: null (what the gateway makes of 1e309) is refused.
    const { iterations = 20 } = soloCampos(body, ['iterations']);
    if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1 || iterations > 200) {
      throw badRequest('VALIDATION_FAILED', 'iterations debe ser un entero de 1 a 200', [
        { field: 'iterations', message: 'entero de 1 a 200' },
      ]);
    }
    return this.benchmark.run(iterations);
  }
}

/** A body of only `allowed` fields (none sent: `{}`); any other value or field is a 400 naming it. */
function soloCampos(body: unknown, allowed: string[]): Record<string, unknown> {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('VALIDATION_FAILED', 'El cuerpo debe ser un objeto JSON', [{ field: 'body', message: 'no es un objeto' }]);
  }
  const unknownFields = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknownFields.length) {
    throw badRequest(
      'VALIDATION_FAILED',
      `Solo se acepta: ${allowed.join(', ')}`,
      unknownFields.map((field) => ({ field, message: 'campo no permitido' })),
    );
  }
  return body as Record<string, unknown>;
}
