import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { BootedService, PrivateRedis, bootService, uniquePrefix, waitFor } from './bus.test-harness';
import { freePort } from '../testing';
import { RedisStreamsClient } from './redis-streams.client';

const events: number[] = [];

@Controller()
class PlazosController {
  @MessagePattern('plazo.calcular')
  calcular(@Payload() data: { dias: number }) {
    return { dias: data.dias * 2 };
  }

  @EventPattern('feriado.registrado')
  feriado(@Payload() data: { n: number }) {
    events.push(data.n);
  }
}

describe('RedisStreams across a Redis restart', () => {
  let redis: PrivateRedis;
  let service: BootedService;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const prefix = uniquePrefix();
    service = await bootService([PlazosController], [], {
      redisUrl: redis.url,
      service: 'documentos',
      keyPrefix: prefix,
      blockMs: 500,
    });
    client = new RedisStreamsClient({
      redisUrl: redis.url,
      service: 'documentos',
      keyPrefix: prefix,
      timeoutMs: 3_000,
    });
  });

  afterAll(async () => {
    await client.close();
    await service.app.close();
    await redis.kill();
  });

  it('closes a client whose Redis never answered', async () => {
    const unreachable = new RedisStreamsClient({
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      service: 'documentos',
      keyPrefix: uniquePrefix(),
      timeoutMs: 500,
    });
    await unreachable.connect().catch(() => undefined);
    const request = firstValueFrom(unreachable.send('plazo.calcular', { dias: 1 })).catch((err: Error) => err);
    await unreachable.close();
    expect(await request).toBeInstanceOf(Error);
    expect(unreachable.isConnected()).toBe(false);
  });

  it('stops reporting consumption while Redis is down and resumes by itself when it is back', async () => {
    await waitFor(() => service.server.isConsuming(), 'the first consumption');
    await expect(firstValueFrom(client.send('plazo.calcular', { dias: 2 }))).resolves.toEqual({ dias: 4 });

    await redis.kill();
    await waitFor(() => !service.server.isConsuming(), 'isConsuming() to turn false');
    expect(client.isConnected()).toBe(false);

    // Same port, no persistence: the streams, consumer groups and reply stream are all gone.
    await redis.restart();
    await waitFor(() => service.server.isConsuming(), 'isConsuming() to turn true again');

    await expect(firstValueFrom(client.send('plazo.calcular', { dias: 5 }))).resolves.toEqual({ dias: 10 });
    await firstValueFrom(client.emit('feriado.registrado', { n: 1 }), { defaultValue: undefined });
    await waitFor(() => events.length === 1, 'an event after the restart');
    expect(events).toEqual([1]);
  });
});
