import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient } from '../bus';

export const BUS_CLIENTS = Symbol('BUS_CLIENTS');

/**
 * The one way to call another service: `bus.send(Services.DOCUMENTOS, pattern, payload)`.
 * Wraps one RedisStreamsClient per target service (the ordinary ClientProxy API underneath).
 */
@Injectable()
export class BusClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(BUS_CLIENTS) private readonly clients: Map<string, RedisStreamsClient>) {}

  async onModuleInit() {
    await Promise.all([...this.clients.values()].map((c) => c.connect()));
  }

  async onApplicationShutdown() {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }

  send<TReply, TPayload = unknown>(service: string, pattern: string, payload: TPayload): Promise<TReply> {
    return firstValueFrom(this.client(service).send<TReply, TPayload>(pattern, payload));
  }

  emit<TPayload>(service: string, pattern: string, payload: TPayload): Promise<unknown> {
    return firstValueFrom(this.client(service).emit(pattern, payload), { defaultValue: undefined });
  }

  private client(service: string): RedisStreamsClient {
    const c = this.clients.get(service);
    if (!c) throw new Error(`No bus client registered for service '${service}'`);
    return c;
  }
}
