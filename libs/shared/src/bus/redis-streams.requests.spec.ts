import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { DomainException, ErrorCodes } from '../errors';
import { RequestContext } from '../logging/request-context';
import { ENVELOPE_FIELD, busKeys } from './bus.keys';
import { MAX_MESSAGE_BYTES } from './bus.options';
import { BootedService, REDIS_URL, bootService, removeKeys, uniquePrefix, waitFor } from './bus.test-harness';
import { RedisStreamsClient } from './redis-streams.client';
import { RedisStreamsContext } from './redis-streams.context';

const REPLICA = 'REPLICA';
const CALLS = 'CALLS';

interface Call {
  replica: string;
  pattern: string;
  n?: number;
  deliveryCount: number;
  finished: boolean;
}

/** Released by the test: lets a handler block the way a stuck or dying replica would. */
const gate = { release: () => undefined as void, opened: Promise.resolve() };
function closeGate(): void {
  gate.opened = new Promise<void>((resolve) => (gate.release = resolve));
}

@Controller()
class ExpedienteController {
  constructor(
    @Inject(REPLICA) private readonly replica: string,
    @Inject(CALLS) private readonly calls: Call[],
  ) {}

  @MessagePattern('expediente.echo')
  async echo(@Payload() data: { n: number }, @Ctx() ctx: RedisStreamsContext) {
    const call = this.record('expediente.echo', ctx, data.n);
    await new Promise((resolve) => setTimeout(resolve, 2));
    call.finished = true;
    return { n: data.n, replica: this.replica, requestId: RequestContext.requestId(), header: ctx.getHeaders().requestId };
  }

  @MessagePattern('expediente.lento')
  async lento(@Payload() data: { n: number }, @Ctx() ctx: RedisStreamsContext) {
    const call = this.record('expediente.lento', ctx, data.n);
    if (this.replica === 'A') await gate.opened;
    call.finished = true;
    return { n: data.n, replica: this.replica, deliveryCount: ctx.getDeliveryCount() };
  }

  @MessagePattern('expediente.buscar')
  buscar(): never {
    throw new DomainException('EXPEDIENTE_NOT_FOUND', 404, 'El expediente EXP-2025-000042 no existe', [
      { field: 'numeroExpediente', message: 'no registrado' },
    ]);
  }

  @MessagePattern('expediente.fallar')
  fallar(): never {
    throw new Error('password authentication failed for user "documentos"');
  }

  @MessagePattern('expediente.enorme')
  enorme(@Payload() data: { bytes: number }) {
    return 'x'.repeat(data.bytes);
  }

  @MessagePattern('expediente.vacio')
  vacio(): void {
    return;
  }

  private record(pattern: string, ctx: RedisStreamsContext, n?: number): Call {
    const call: Call = { replica: this.replica, pattern, n, deliveryCount: ctx.getDeliveryCount(), finished: false };
    this.calls.push(call);
    return call;
  }
}

describe('RedisStreams requests (send)', () => {
  let prefix: string;
  let calls: Call[];
  const booted: BootedService[] = [];
  const clients: RedisStreamsClient[] = [];
  const redis = new Redis(REDIS_URL);

  const replica = async (name: string, claimIdleMs = 2_000, batchSize = 4) => {
    const service = await bootService(
      [ExpedienteController],
      [
        { provide: REPLICA, useValue: name },
        { provide: CALLS, useValue: calls },
      ],
      { redisUrl: REDIS_URL, service: 'documentos', keyPrefix: prefix, claimIdleMs, batchSize, blockMs: 500 },
    );
    booted.push(service);
    return service;
  };
  const client = async (timeoutMs = 5_000) => {
    const c = new RedisStreamsClient({ redisUrl: REDIS_URL, service: 'documentos', keyPrefix: prefix, timeoutMs });
    clients.push(c);
    await c.connect();
    return c;
  };

  beforeEach(() => {
    prefix = uniquePrefix();
    calls = [];
    closeGate();
  });

  afterEach(async () => {
    gate.release();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(booted.splice(0).map((s) => s.app.close()));
    await removeKeys(prefix);
  });

  afterAll(() => redis.quit());

  const pendingRequests = async () => Number((await redis.xpending(busKeys.requests(prefix, 'documentos'), 'documentos'))[0]);

  it('two replicas handle each request exactly once and every caller gets its own answer', async () => {
    const [a, b] = [await replica('A'), await replica('B')];
    const [c1, c2] = [await client(), await client()];
    await waitFor(() => a.server.isConsuming() && b.server.isConsuming(), 'both replicas consuming');

    const N = 200;
    const replies = await Promise.all(
      Array.from({ length: N }, (_, n) =>
        RequestContext.run({ requestId: `req-${n}` }, () =>
          firstValueFrom((n % 2 ? c1 : c2).send<{ n: number; replica: string; requestId: string; header: string }>('expediente.echo', { n })),
        ),
      ),
    );

    expect(replies.map((r) => r.n)).toEqual(Array.from({ length: N }, (_, n) => n));
    expect(replies.every((r, n) => r.requestId === `req-${n}` && r.header === `req-${n}`)).toBe(true);
    const handled = calls.map((c) => c.n).sort((x, y) => (x as number) - (y as number));
    expect(handled).toEqual(Array.from({ length: N }, (_, n) => n));
    const byReplica = { A: calls.filter((c) => c.replica === 'A').length, B: calls.filter((c) => c.replica === 'B').length };
    expect(byReplica.A).toBeGreaterThan(0);
    expect(byReplica.B).toBeGreaterThan(0);
    // Acks follow the replies (batched per event-loop turn): every entry ends up acknowledged.
    await waitFor(async () => (await pendingRequests()) === 0, 'every request to be acked');
  });

  it('carries a DomainException to the caller with code, status and fields intact', async () => {
    await replica('A');
    const c = await client();

    const err = await firstValueFrom(c.send('expediente.buscar', { numero: 'EXP-2025-000042' })).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(DomainException);
    expect((err as DomainException).toProblem()).toEqual({
      code: 'EXPEDIENTE_NOT_FOUND',
      status: 404,
      title: 'Not Found',
      detail: 'El expediente EXP-2025-000042 no existe',
      fields: [{ field: 'numeroExpediente', message: 'no registrado' }],
    });
  });

  it('hides unexpected errors behind INTERNAL without leaking their message', async () => {
    await replica('A');
    const c = await client();

    const err = (await firstValueFrom(c.send('expediente.fallar', {})).catch((e: unknown) => e)) as DomainException;

    expect(err).toBeInstanceOf(DomainException);
    expect([err.code, err.status, err.message]).toEqual([ErrorCodes.INTERNAL, 500, 'Internal error']);
  });

  it('answers an unknown pattern with a clear error instead of a timeout', async () => {
    await replica('A');
    const c = await client();

    const err = (await firstValueFrom(c.send('expediente.inexistente', {})).catch((e: unknown) => e)) as DomainException;

    expect(err.code).toBe('BUS_UNKNOWN_PATTERN');
    expect(err.message).toContain('expediente.inexistente');
  });

  it('caps messages: a client refuses to send one too large, a server drops one written behind its back, a reply too large is an error', async () => {
    const r = await replica('A');
    const c = await client();
    await waitFor(() => r.server.isConsuming(), 'replica consuming');
    const big = 'x'.repeat(MAX_MESSAGE_BYTES);
    const refused = await firstValueFrom(c.send('expediente.echo', { n: 1, big })).catch((e: DomainException) => e);
    expect(refused).toMatchObject({ code: 'BUS_MESSAGE_TOO_LARGE', status: 413 });
    expect(Number(await redis.xlen(busKeys.requests(prefix, 'documentos')))).toBe(0);

    // Written straight to Redis (as someone with Redis access could): acknowledged unread, no handler runs.
    const envelope = JSON.stringify({ i: 'x', p: 'expediente.echo', d: { n: 2, big }, h: { deadline: String(Date.now() + 5_000) } });
    await redis.xadd(busKeys.requests(prefix, 'documentos'), '*', ENVELOPE_FIELD, envelope);
    await waitFor(async () => (await pendingRequests()) === 0 && calls.length === 0, 'entry dropped');
    expect(await firstValueFrom(c.send<{ n: number }>('expediente.echo', { n: 3 }))).toMatchObject({ n: 3 });
    expect(calls.map((call) => call.n)).toEqual([3]);

    const grande = await firstValueFrom(c.send('expediente.enorme', { bytes: MAX_MESSAGE_BYTES })).catch((e: DomainException) => e);
    expect(grande).toMatchObject({ code: 'BUS_MESSAGE_TOO_LARGE', status: 500 });
  });

  it('delivers a handler that returns nothing as one undefined value', async () => {
    await replica('A');
    const c = await client();

    await expect(firstValueFrom(c.send('expediente.vacio', {}))).resolves.toBeUndefined();
  });

  it('times out with BUS_TIMEOUT when no replica runs', async () => {
    const c = await client(300);

    const err = (await firstValueFrom(c.send('expediente.echo', { n: 1 })).catch((e: unknown) => e)) as DomainException;

    expect([err.code, err.status]).toEqual([ErrorCodes.BUS_TIMEOUT, 504]);
  });

  it('lets a live replica claim and complete, once, a request left by a replica that stopped mid-way', async () => {
    const a = await replica('A', 300);
    const c = await client(8_000);
    const reply = firstValueFrom(c.send<{ replica: string; deliveryCount: number }>('expediente.lento', { n: 7 }));
    await waitFor(() => calls.length === 1, 'replica A to start the request');
    const b = await replica('B', 300);

    await a.app.close();

    await expect(reply).resolves.toEqual({ n: 7, replica: 'B', deliveryCount: 2 });
    expect(calls.map((x) => [x.replica, x.finished])).toEqual([
      ['A', false],
      ['B', true],
    ]);
    await waitFor(async () => (await pendingRequests()) === 0, 'the ack');
    expect(b.server.isConsuming()).toBe(true);
  });

  it('does not run a claimed request whose deadline has passed; the caller got BUS_TIMEOUT', async () => {
    const a = await replica('A', 1_000);
    const c = await client(300);
    const reply = firstValueFrom(c.send('expediente.lento', { n: 8 })).catch((e: unknown) => e);
    await waitFor(() => calls.length === 1, 'replica A to start the request');
    await replica('B', 1_000);

    await a.app.close();

    expect(((await reply) as DomainException).code).toBe(ErrorCodes.BUS_TIMEOUT);
    // B claims the entry after it has been idle for 1 s, sees the passed deadline, acks it unrun.
    await waitFor(async () => (await pendingRequests()) === 0, 'replica B to drop the expired request');
    expect(calls.map((x) => x.replica)).toEqual(['A']);
  });
});
