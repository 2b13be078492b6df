import { DynamicModule } from '@nestjs/common';
import { AppDefinition, serviceInfrastructure } from '@mesa/shared/app';

class RootModule {}

/** perf-monitor: performance API over Prometheus, PostgreSQL statistics and every app's health. */
export const perfMonitorApp: AppDefinition = {
  name: 'perf-monitor',
  defaultPort: 3005,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: serviceInfrastructure(ctx, { entities: [] }),
  }),
};
