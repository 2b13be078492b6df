import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles';
import { schemaMigrated } from '../database/esquema';
import { LIFECYCLE_STATE, LifecycleState, READINESS_PROBES, ReadinessProbe } from './lifecycle.state';

/** /health/ready and /health/startup; /health/live is Fastify's own (liveness.ts). */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  private migrationsSeen = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(LIFECYCLE_STATE) private readonly lifecycle: LifecycleState,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
    @Optional() private readonly dataSource?: DataSource,
  ) {}

  /** What the app cannot serve without; 503 as soon as shutdown begins. */
  @Get('ready')
  @HealthCheck()
  ready() {
    if (this.lifecycle.isShuttingDown()) {
      throw new ServiceUnavailableException({ status: 'shutting_down' });
    }
    return this.health.check([
      ...(this.dataSource ? [() => this.db.pingCheck('database', { timeout: 1500 })] : []),
      ...this.probes.map((p) => async () => {
        const s = this.indicator.check(p.name);
        return (await p.check()) ? s.up() : s.down();
      }),
    ]);
  }

  /** Passes once the schema is migrated and the bus consumer runs. */
  @Get('startup')
  @HealthCheck()
  startup() {
    return this.health.check([
      async () => {
        const s = this.indicator.check('migrations');
        if (!this.dataSource || this.migrationsSeen) return s.up();
        const pending = !(await schemaMigrated(this.dataSource));
        this.migrationsSeen = !pending;
        return pending ? s.down({ message: 'schema not migrated' }) : s.up();
      },
      () => {
        const s = this.indicator.check('started');
        return this.lifecycle.isStarted() ? s.up() : s.down();
      },
    ]);
  }
}
