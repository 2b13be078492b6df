import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { LIFECYCLE_STATE, LifecycleState, READINESS_PROBES, ReadinessProbe } from './lifecycle.state';

@Module({})
export class HealthModule {
  static forRoot(o: { lifecycle: LifecycleState; probes: ReadinessProbe[] }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [
        { provide: LIFECYCLE_STATE, useValue: o.lifecycle },
        { provide: READINESS_PROBES, useValue: o.probes },
      ],
      exports: [LIFECYCLE_STATE],
    };
  }
}
