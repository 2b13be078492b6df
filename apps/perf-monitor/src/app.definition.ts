import { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AppDefinition, ProblemDetailsFilter, serviceInfrastructure } from '@mesa/shared/app';
import { AccessTokenVerifier, tokenVerificationKey } from '@mesa/shared/auth';
import { BenchmarkService } from './benchmark/benchmark.service';
import { CacheClearService } from './cache/cache-clear.service';
import { RolesGuard } from './common/roles.guard';
import { HealthReportService } from './health/health-report.service';
import { monitorProviders } from './monitor/monitor.module';
import { PageController } from './page/page.controller';
import { PerformanceController } from './performance.controller';
import { PgStatsRepository } from './recommendations/pg-stats.repository';
import { RecommendationsService } from './recommendations/recommendations.service';
import { SlowQueriesService } from './slow-queries/slow-queries.service';
import { SummaryService } from './summary/summary.service';

class RootModule {}

/** perf-monitor: performance API over Prometheus, PostgreSQL statistics and every app's health. */
export const perfMonitorApp: AppDefinition = {
  name: 'perf-monitor',
  defaultPort: 3005,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: [...serviceInfrastructure(ctx, { entities: [] })],
    controllers: [PerformanceController, PageController],
    providers: [
      // Verifies the gateway's tokens with its public key (JWT_PUBLIC_KEY); it cannot sign any.
      { provide: AccessTokenVerifier, useValue: new AccessTokenVerifier(tokenVerificationKey(ctx.config)) },
      ...monitorProviders,
      HealthReportService,
      SummaryService,
      SlowQueriesService,
      PgStatsRepository,
      RecommendationsService,
      CacheClearService,
      BenchmarkService,
      { provide: APP_GUARD, useClass: RolesGuard },
      // Global, so errors before the handler (a refused body, an unknown route) are problem JSON too.
      { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    ],
  }),
};
