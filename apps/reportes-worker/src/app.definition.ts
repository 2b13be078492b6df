import { DynamicModule } from '@nestjs/common';
import { reportesEntities } from '@mesa/db-entities';
import { AppDefinition, serviceInfrastructure } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';

class RootModule {}

/** reportes-worker: BullMQ jobs (reports, attachments, sync, notifications); owns schema `reportes`. */
export const reportesApp: AppDefinition = {
  name: 'reportes-worker',
  defaultPort: 3004,
  busService: Services.REPORTES,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: serviceInfrastructure(ctx, { entities: reportesEntities, outboxSchema: 'reportes' }),
  }),
};
