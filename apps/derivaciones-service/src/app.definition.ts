import { DynamicModule } from '@nestjs/common';
import { derivacionesEntities } from '@mesa/db-entities';
import { AppDefinition, cacheModuleFor, CoreModule, OutboxRelayModule } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';
import { DatabaseModule } from '@mesa/shared/database';

class RootModule {}

/** derivaciones-service: routing between offices; owns schema `derivaciones`. */
export const derivacionesApp: AppDefinition = {
  name: 'derivaciones-service',
  defaultPort: 3002,
  busService: Services.DERIVACIONES,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: [
      CoreModule.forRoot(ctx),
      DatabaseModule.forRoot({ config: ctx.config, service: ctx.name, entities: derivacionesEntities, logger: ctx.logger }),
      cacheModuleFor(ctx.config),
      OutboxRelayModule.forSchema('derivaciones'),
    ],
  }),
};
