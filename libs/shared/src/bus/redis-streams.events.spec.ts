import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { RequestContext } from '../logging/request-context';
import { BusBroadcast } from './bus.broadcast';
import { BootedService, REDIS_URL, bootService, removeKeys, uniquePrefix, waitFor } from './bus.test-harness';
import { RedisStreamsClient } from './redis-streams.client';
import { RedisStreamsContext } from './redis-streams.context';

const REPLICA = 'REPLICA';
const RECEIVED = 'RECEIVED';

interface Received {
  replica: string;
  n: number;
  eventId: string;
  deliveryCount: number;
  requestId?: string;
}

/** Event ids whose first delivery fails, to exercise redelivery. */
const failOnce = new Set<number>();

@Controller()
class DerivacionesListener {
  constructor(
    @Inject(REPLICA) private readonly replica: string,
    @Inject(RECEIVED) private readonly received: Received[],
  ) {}

  @EventPattern('documento.registrado')
  async registrado(@Payload() data: { n: number }, @Ctx() ctx: RedisStreamsContext) {
    if (failOnce.delete(data.n)) throw new Error('transient failure');
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.received.push({
      replica: this.replica,
      n: data.n,
      eventId: ctx.getEventId() as string,
      deliveryCount: ctx.getDeliveryCount(),
      requestId: RequestContext.requestId(),
    });
  }
}

describe('RedisStreams events (emit)', () => {
  let prefix: string;
  const booted: BootedService[] = [];
  let emitter: RedisStreamsClient;

  const subscriber = async (service: string, replica: string, received: Received[]) => {
    const s = await bootService(
      [DerivacionesListener],
      [
        { provide: REPLICA, useValue: replica },
        { provide: RECEIVED, useValue: received },
      ],
      { redisUrl: REDIS_URL, service, keyPrefix: prefix, claimIdleMs: 300, batchSize: 4, blockMs: 500 },
    );
    booted.push(s);
    await waitFor(() => s.server.isConsuming(), `${service}/${replica} consuming`);
    return s;
  };
  const emit = (from: number, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        RequestContext.run({ requestId: `req-${from + i}` }, () => firstValueFrom(emitter.emit('documento.registrado', { n: from + i }), { defaultValue: undefined })),
      ),
    );
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const numbers = (received: Received[]) => received.map((r) => r.n).sort((a, b) => a - b);

  beforeEach(async () => {
    prefix = uniquePrefix();
    emitter = new RedisStreamsClient({ redisUrl: REDIS_URL, service: 'documentos', keyPrefix: prefix });
    await emitter.connect();
  });

  afterEach(async () => {
    await emitter.close();
    await Promise.all(booted.splice(0).map((s) => s.app.close()));
    await removeKeys(prefix);
  });

  it('keeps events for a subscriber that is down and delivers each once when it starts', async () => {
    await emit(0, 5);
    const received: Received[] = [];
    const first = await subscriber('derivaciones', 'A', received);
    await waitFor(() => received.length === 5, 'the events emitted before the service ever ran');

    await first.app.close();
    booted.splice(booted.indexOf(first), 1);
    await emit(5, 3);
    await subscriber('derivaciones', 'A', received);
    await waitFor(() => received.length === 8, 'the events emitted while the service was down');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(numbers(received)).toEqual(range(0, 8));
    expect(received.every((r) => r.requestId === `req-${r.n}` && r.deliveryCount === 1)).toBe(true);
  });

  it('shares the events among the replicas of one service without duplicates', async () => {
    const received: Received[] = [];
    await subscriber('derivaciones', 'A', received);
    await subscriber('derivaciones', 'B', received);

    await emit(0, 60);
    await waitFor(() => received.length >= 60, 'all events');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(numbers(received)).toEqual(range(0, 60));
    expect(new Set(received.map((r) => r.eventId)).size).toBe(60);
    expect(received.some((r) => r.replica === 'A') && received.some((r) => r.replica === 'B')).toBe(true);
  });

  it('gives every subscribing service every event', async () => {
    const derivaciones: Received[] = [];
    const reportes: Received[] = [];
    await subscriber('derivaciones', 'A', derivaciones);
    await subscriber('reportes', 'A', reportes);

    await emit(0, 20);
    await waitFor(() => derivaciones.length >= 20 && reportes.length >= 20, 'both services');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(numbers(derivaciones)).toEqual(range(0, 20));
    expect(numbers(reportes)).toEqual(range(0, 20));
    expect(derivaciones.map((r) => r.eventId).sort()).toEqual(reportes.map((r) => r.eventId).sort());
  });

  it('redelivers an event whose handler failed, with the same event id and a higher delivery count', async () => {
    const received: Received[] = [];
    await subscriber('derivaciones', 'A', received);
    failOnce.add(3);

    await emit(0, 5);
    await waitFor(() => received.length === 5, 'the failed event to be redelivered');

    const redelivered = received.find((r) => r.n === 3) as Received;
    expect(redelivered.deliveryCount).toBe(2);
    expect(received.filter((r) => r.n !== 3).every((r) => r.deliveryCount === 1)).toBe(true);
    expect(numbers(received)).toEqual(range(0, 5));
  });
});

describe('BusBroadcast', () => {
  it('reaches every subscribed instance', async () => {
    const prefix = uniquePrefix();
    const [one, two, publisher] = [new BusBroadcast(REDIS_URL, prefix), new BusBroadcast(REDIS_URL, prefix), new BusBroadcast(REDIS_URL, prefix)];
    const heard: Array<[string, unknown]> = [];
    await one.subscribe('cache.invalidate', (data) => heard.push(['one', data]));
    await two.subscribe('cache.invalidate', (data) => heard.push(['two', data]));

    await publisher.publish('cache.invalidate', { namespace: 'documentos' });
    await waitFor(() => heard.length === 2, 'both subscribers');

    expect(heard.sort()).toEqual([
      ['one', { namespace: 'documentos' }],
      ['two', { namespace: 'documentos' }],
    ]);
    await Promise.all([one.close(), two.close(), publisher.close()]);
  });
});
