import { DynamicModule } from '@nestjs/common';
import { reportesEntities } from '@mesa/db-entities';
import { AppDefinition, cacheModuleFor, CoreModule, OutboxRelayModule } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';
import { DatabaseModule } from '@mesa/shared/database';

class RootModule {}

/** reportes-worker: BullMQ jobs (reports, attachments, sync, notifications); owns schema `reportes`. */
export const reportesApp: AppDefinition = {
  name: 'reportes-worker',
  defaultPort: 3004,
  busService: Services.REPORTES,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: [
      CoreModule.forRoot(ctx),
      DatabaseModule.forRoot({ config: ctx.config, service: ctx.name, entities: reportesEntities, logger: ctx.logger }),
      cacheModuleFor(ctx.config),
      OutboxRelayModule.forSchema('reportes'),
    ],
  }),
};
