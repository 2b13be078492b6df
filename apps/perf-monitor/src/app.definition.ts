import { DynamicModule } from '@nestjs/common';
import { AppDefinition, cacheModuleFor, CoreModule } from '@mesa/shared/app';
import { DatabaseModule } from '@mesa/shared/database';

class RootModule {}

/** perf-monitor: performance API over Prometheus, PostgreSQL statistics and every app's health. */
export const perfMonitorApp: AppDefinition = {
  name: 'perf-monitor',
  defaultPort: 3005,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: [
      CoreModule.forRoot(ctx),
      DatabaseModule.forRoot({ config: ctx.config, service: ctx.name, entities: [], logger: ctx.logger }),
      cacheModuleFor(ctx.config),
    ],
  }),
};
