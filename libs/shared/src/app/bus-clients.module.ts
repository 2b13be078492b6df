import { DynamicModule, Module } from '@nestjs/common';
import { RedisStreamsClient } from '../bus';
import type { AppConfig } from '../config';
import { BUS_CLIENTS, BusClient } from './bus-client.service';

@Module({})
export class BusClientsModule {
  static forRoot(config: AppConfig, services: string[]): DynamicModule {
    return {
      module: BusClientsModule,
      global: true,
      providers: [
        {
          provide: BUS_CLIENTS,
          useFactory: () =>
            new Map(
              services.map((service) => [
                service,
                new RedisStreamsClient({
                  redisUrl: config.REDIS_URL,
                  service,
                  keyPrefix: config.REDIS_KEY_PREFIX,
                  timeoutMs: config.BUS_REQUEST_TIMEOUT_MS,
                }),
              ]),
            ),
        },
        BusClient,
      ],
      exports: [BusClient],
    };
  }
}
