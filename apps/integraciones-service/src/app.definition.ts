import { DynamicModule } from '@nestjs/common';
import { integracionesEntities } from '@mesa/db-entities';
import { AppDefinition, cacheModuleFor, CoreModule, OutboxRelayModule } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';
import { DatabaseModule } from '@mesa/shared/database';

class RootModule {}

/** integraciones-service: exchanges with other state systems; owns schema `integraciones`. */
export const integracionesApp: AppDefinition = {
  name: 'integraciones-service',
  defaultPort: 3003,
  busService: Services.INTEGRACIONES,
  module: (ctx): DynamicModule => ({
    module: RootModule,
    imports: [
      CoreModule.forRoot(ctx),
      DatabaseModule.forRoot({ config: ctx.config, service: ctx.name, entities: integracionesEntities, logger: ctx.logger }),
      cacheModuleFor(ctx.config),
      OutboxRelayModule.forSchema('integraciones'),
    ],
  }),
};
