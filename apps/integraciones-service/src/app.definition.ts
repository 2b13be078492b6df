import { DynamicModule } from '@nestjs/common';
import { integracionesEntities } from '@mesa/db-entities';
import { AppDefinition, serviceInfrastructure } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';

class RootModule {}

/** integraciones-service: exchanges with other state systems; owns schema `integraciones`. */
export const integracionesApp: AppDefinition = {
  name: 'integraciones-service',
  defaultPort: 3003,
  busService: Services.INTEGRACIONES,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: serviceInfrastructure(ctx, { entities: integracionesEntities, outboxSchema: 'integraciones' }),
  }),
};
