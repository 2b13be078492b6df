import { DynamicModule } from '@nestjs/common';
import { derivacionesEntities } from '@mesa/db-entities';
import { AppDefinition, serviceInfrastructure } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';

class RootModule {}

/** derivaciones-service: routing between offices; owns schema `derivaciones`. */
export const derivacionesApp: AppDefinition = {
  name: 'derivaciones-service',
  defaultPort: 3002,
  busService: Services.DERIVACIONES,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: serviceInfrastructure(ctx, { entities: derivacionesEntities, outboxSchema: 'derivaciones' }),
  }),
};
