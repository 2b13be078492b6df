import { DynamicModule, Module } from '@nestjs/common';
import { RedisStreamsClient } from '../bus';
import type { AppConfig } from '../config';
import type { ReadinessProbe } from '../health';
import { BUS_CLIENTS, BusClient } from './bus-client.service';

@Module({})
export class BusClientsModule {
  /**
   * One client per target service, made before Nest starts so the same clients back both the
   * injectable BusClient and the app's readiness probe. `caller` (the app's name) goes into the
   * reply streams' names, where the Redis ACL tells callers apart.
   */
  static forRoot(config: AppConfig, services: string[], caller: string): { module: DynamicModule; probe: ReadinessProbe } {
    const clients = new Map(
      services.map((service) => [
        service,
        new RedisStreamsClient({
          redisUrl: config.REDIS_URL,
          service,
          caller,
          keyPrefix: config.REDIS_KEY_PREFIX,
          timeoutMs: config.BUS_REQUEST_TIMEOUT_MS,
        }),
      ]),
    );
    return {
      module: {
        module: BusClientsModule,
        global: true,
        providers: [{ provide: BUS_CLIENTS, useValue: clients }, BusClient],
        exports: [BusClient],
      },
      probe: { name: 'bus', check: () => [...clients.values()].every((c) => c.isConnected()) },
    };
  }
}
