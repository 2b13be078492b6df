import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate } from 'node:timers/promises';
import { isObservable, lastValueFrom } from 'rxjs';
import { DomainException, ErrorCodes, ProblemPayload } from '../errors';
import { RequestContext } from '../logging/request-context';
import { BusEnvelope, ENVELOPE_FIELD, ReplyEnvelope, busKeys } from './bus.keys';
import { busMetrics } from './bus.metrics';
import {
  BUS_DEFAULTS,
  BUS_MESSAGE_TOO_LARGE,
  BusServerOptions,
  ENTRIES_PER_TURN,
  MAX_MESSAGE_BYTES,
  positiveInt,
  resolveKeyPrefix,
  tooLarge,
} from './bus.options';
import { BusScripts, busScripts } from './bus.scripts';
import { createRedisConnection, isNoGroupError, sleep } from './redis-connection.factory';
import { RedisStreamsContext } from './redis-streams.context';

const lastValue = (result: unknown) => (isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result);

type StreamEntry = [id: string, fields: string[] | null];
type ReadResult = Array<[stream: string, entries: StreamEntry[]]> | null;

/**
 * NestJS server strategy on Redis Streams: `@MessagePattern` handlers serve the service's request
 * stream, `@EventPattern` handlers the event streams, all read by one consumer group named after
 * the service, so each entry goes to exactly one replica. See README.md for the guarantees.
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(RedisStreamsServer.name);
  private readonly prefix: string;
  private readonly group: string;
  private readonly consumer: string;
  private readonly claimIdleMs: number;
  private readonly blockMs: number;
  private readonly batchSize: number;

  private reader?: Redis;
  private writer?: Redis;
  private scripts?: BusScripts;
  private requestStream = '';
  private streams: string[] = [];
  /** Entries being handled here, per stream: id → when we last told Redis we still own it. */
  private readonly running = new Map<string, Map<string, number>>();
  private inFlight = 0;
  private roomWaiter?: () => void;
  /** What this event-loop turn's handlers produced, written together by flush(). */
  private readonly acks = new Map<string, string[]>();
  private replyStreams: string[] = [];
  private replies: string[] = [];
  private flushScheduled = false;
  private readonly claimCursors = new Map<string, string>();
  private groupsReady = false;
  private reading = false;
  private closing = false;
  /** Set once the connections are gone: late handler results are then discarded. */
  private stopped = false;
  private warnedNoFilter = false;
  private readLoop?: Promise<void>;
  private maintenanceTimer?: NodeJS.Timeout;

  constructor(private readonly options: BusServerOptions) {
    super();
    this.prefix = resolveKeyPrefix(options.keyPrefix);
    this.group = options.service;
    this.consumer = options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.claimIdleMs = positiveInt('claimIdleMs', options.claimIdleMs ?? BUS_DEFAULTS.claimIdleMs);
    this.blockMs = positiveInt('blockMs', options.blockMs ?? BUS_DEFAULTS.blockMs);
    this.batchSize = positiveInt('batchSize', options.batchSize ?? BUS_DEFAULTS.batchSize);
  }

  /**
   * Calls back as soon as the read loop is started, without waiting for Redis: the app boots
   * (and answers its health probes) while Redis is away, and `isConsuming()` tells the truth.
   */
  listen(callback: (err?: unknown) => void): void {
    try {
      this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** True only while this process's read loop runs against a live connection with its groups. */
  isConsuming(): boolean {
    // Without handlers there is nothing to read: being connected is all readiness can ask.
    if (this.streams.length === 0) return !this.closing && this.reader?.status === 'ready';
    return this.reading && !this.closing && this.groupsReady && this.reader?.status === 'ready';
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Interrupts the blocking read (or the wait for room); entries already read are finished below.
    this.roomWaiter?.();
    this.reader?.disconnect();
    await this.readLoop;
    await this.drain();
    clearTimeout(this.maintenanceTimer);
    // QUIT skips ioredis's auto-pipeline queue: without waiting, it could overtake the last writes.
    await this.flush();
    this.stopped = true;
    await this.writer?.quit().catch(() => undefined);
  }

  on(): never {
    throw new Error('RedisStreamsServer has no events to subscribe to; use isConsuming() or status');
  }

  unwrap<T>(): T {
    if (!this.reader || !this.writer) throw new Error('RedisStreamsServer is not listening');
    return [this.reader, this.writer] as T;
  }

  private start(): void {
    const eventPatterns: string[] = [];
    let serves = false;
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) eventPatterns.push(pattern);
      else serves = true;
    }
    this.requestStream = serves ? busKeys.requests(this.prefix, this.options.service) : '';
    this.streams = [
      ...(serves ? [this.requestStream] : []),
      ...eventPatterns.map((p) => busKeys.events(this.prefix, p)),
    ];
    for (const stream of this.streams) this.running.set(stream, new Map());

    const name = `bus-server:${this.options.service}:${this.consumer}`;
    this.reader = createRedisConnection(this.options.redisUrl, `${name}:read`, 'blocking');
    this.writer = createRedisConnection(this.options.redisUrl, `${name}:write`, 'commands');
    this.scripts = busScripts(this.writer);
    // A Redis that restarted may have lost the groups: recreate them before reading again.
    this.reader.on('close', () => {
      this.groupsReady = false;
      if (!this.closing) this._status$.next('disconnected');
    });
    this.reader.on('ready', () => {
      this._status$.next('connected');
      // The read resent after a reconnection may block for blockMs before the loop runs again;
      // recreate the groups beside it so isConsuming() turns true as soon as Redis is back.
      if (!this.groupsReady && this.writer) this.ensureGroups(this.writer).catch(() => undefined);
    });

    if (this.streams.length === 0) return;
    this.readLoop = this.runReadLoop();
    this.scheduleMaintenance();
  }

  private async runReadLoop(): Promise<void> {
    const reader = this.reader as Redis;
    const args: Array<string | number> = ['GROUP', this.group, this.consumer, 'COUNT', 0, 'BLOCK', this.blockMs, 'STREAMS'];
    args.push(...this.streams, ...this.streams.map(() => '>'));
    this.reading = true;
    while (!this.closing) {
      try {
        if (!this.groupsReady) await this.ensureGroups(reader);
        args[4] = await this.room();
        if (this.closing) break;
        const result = (await reader.call('XREADGROUP', ...args)) as ReadResult;
        if (!result) continue;
        let handled = 0;
        for (const [stream, entries] of result) {
          for (const [id, fields] of entries) {
            this.dispatch(stream, id, fields, 1);
            if (++handled % ENTRIES_PER_TURN === 0) await setImmediate();
          }
        }
      } catch (err) {
        if (this.closing) break;
        if (isNoGroupError(err)) this.groupsReady = false;
        else await sleep(100);
      }
    }
    this.reading = false;
  }

  /** Groups start at '0' so that entries written while no replica of the service ran are read. */
  private async ensureGroups(redis: Redis): Promise<void> {
    await Promise.all(
      this.streams.map((stream) =>
        redis.xgroup('CREATE', stream, this.group, '0', 'MKSTREAM').catch((err: Error) => {
          if (!err.message.startsWith('BUSYGROUP')) throw err;
        }),
      ),
    );
    this.groupsReady = true;
  }

  /** Waits until this process may take more entries; returns how many. */
  private async room(): Promise<number> {
    while (this.inFlight >= this.batchSize && !this.closing) {
      await new Promise<void>((resolve) => (this.roomWaiter = resolve));
    }
    return this.batchSize - this.inFlight;
  }

  private dispatch(stream: string, id: string, fields: string[] | null, deliveryCount: number): void {
    let envelope: BusEnvelope;
    try {
      if (!fields || fields[0] !== ENVELOPE_FIELD) throw new Error('no envelope field');
      if (tooLarge(Buffer.byteLength(fields[1]))) throw new Error(`larger than ${MAX_MESSAGE_BYTES} bytes`);
      envelope = JSON.parse(fields[1]) as BusEnvelope;
    } catch (err) {
      // Retrying a malformed entry cannot succeed: drop it, loudly.
      this.log.error(`Dropping malformed entry ${id} of ${stream}: ${(err as Error).message}`);
      this.queueAck(stream, id);
      return;
    }
    this.inFlight++;
    this.running.get(stream)?.set(id, Date.now());
    if (stream === this.requestStream) void this.serveRequest(stream, id, envelope, deliveryCount);
    else void this.serveEvent(stream, id, envelope, deliveryCount);
  }

  private async serveRequest(stream: string, id: string, env: BusEnvelope, deliveryCount: number): Promise<void> {
    const pattern = env.p;
    if (Number(env.h.deadline) <= Date.now()) {
      busMetrics.expired.inc({ pattern });
      return this.finish(stream, id);
    }
    const started = performance.now();
    const handler = this.messageHandlers.get(pattern);
    let reply: ReplyEnvelope;
    let outcome = 'ok';
    if (!handler || handler.isEventHandler) {
      outcome = 'unknown_pattern';
      reply = {
        i: env.i,
        e: new DomainException(
          'BUS_UNKNOWN_PATTERN',
          501,
          `Service "${this.options.service}" has no handler for pattern "${pattern}"`,
        ).toProblem(),
      };
    } else {
      try {
        const ctx = new RedisStreamsContext([pattern, undefined, env.h, deliveryCount]);
        const data = await this.invoke(handler, env, ctx, id);
        reply = { i: env.i, d: data };
      } catch (err) {
        const problem = this.toProblem(err, pattern);
        outcome = problem.code === ErrorCodes.INTERNAL ? 'internal_error' : 'domain_error';
        reply = { i: env.i, e: problem };
      }
    }
    if (this.stopped) return;
    if (env.r) {
      let body = JSON.stringify(reply);
      if (tooLarge(Buffer.byteLength(body))) {
        outcome = 'internal_error';
        const problem = new DomainException(BUS_MESSAGE_TOO_LARGE, 500, `The reply to "${pattern}" is larger than the bus carries`);
        this.log.error(`Reply to ${pattern} not sent: ${Buffer.byteLength(body)} bytes`);
        body = JSON.stringify({ i: env.i, e: problem.toProblem() } satisfies ReplyEnvelope);
      }
      this.replyStreams.push(env.r);
      this.replies.push(body);
    }
    busMetrics.requestDuration.observe({ side: 'server', pattern, outcome }, (performance.now() - started) / 1000);
    this.finish(stream, id);
  }

  /** Acked only when the handler succeeded; a failure stays pending and is claimed again later. */
  private async serveEvent(stream: string, id: string, env: BusEnvelope, deliveryCount: number): Promise<void> {
    const handler = this.messageHandlers.get(env.p);
    if (!handler) return this.finish(stream, id);
    try {
      await this.invoke(handler, env, new RedisStreamsContext([env.p, env.i, env.h, deliveryCount]), id);
      if (!this.stopped) this.finish(stream, id);
    } catch (err) {
      const cause = err instanceof Error ? err.message : JSON.stringify(err);
      this.log.error(`Event ${env.p} ${env.i} failed (delivery ${deliveryCount}), left for redelivery: ${cause}`);
      this.release(stream, id);
    }
  }

  /** No async wrappers here: this runs once per message, and every extra promise shows in the benchmark. */
  private invoke(handler: MessageHandler, env: BusEnvelope, ctx: RedisStreamsContext, id: string): Promise<unknown> {
    const store = { requestId: env.h.requestId ?? `bus-${id}`, pattern: env.p };
    return RequestContext.run(store, () => handler(env.d, ctx)).then(lastValue);
  }

  /** Domain errors cross as they are; anything else is logged here and hidden from the caller. */
  private toProblem(err: unknown, pattern: string): ProblemPayload {
    if (err instanceof DomainException) return err.toProblem();
    if (err instanceof Error) this.log.error(`Handler of ${pattern} failed: ${err.stack ?? err.message}`);
    else if (!this.warnedNoFilter && (err as { status?: unknown })?.status === 'error') {
      // NestJS's default RPC filter already replaced (and logged) the exception.
      this.warnedNoFilter = true;
      this.log.warn('Handler errors reach the bus already replaced by NestJS; register BusExceptionFilter on the microservice');
    }
    return { code: ErrorCodes.INTERNAL, status: 500, title: 'Internal Server Error', detail: 'Internal error' };
  }

  private finish(stream: string, id: string): void {
    this.queueAck(stream, id);
    this.release(stream, id);
  }

  private release(stream: string, id: string): void {
    if (!this.running.get(stream)?.delete(id)) return;
    this.inFlight--;
    const waiter = this.roomWaiter;
    this.roomWaiter = undefined;
    waiter?.();
  }

  private queueAck(stream: string, id: string): void {
    const ids = this.acks.get(stream);
    if (ids) ids.push(id);
    else this.acks.set(stream, [id]);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => void this.flush());
  }

  /**
   * Writes the turn's replies and acks: one script call for the request stream (replies and their
   * acks together), one XACK per event stream.
   */
  private flush(): Promise<unknown> {
    this.flushScheduled = false;
    const { writer, scripts } = this;
    if (this.stopped || !writer || !scripts) return Promise.resolve();
    const sent: Promise<unknown>[] = [];
    for (const [stream, ids] of this.acks) {
      if (stream !== this.requestStream) {
        sent.push(writer.xack(stream, this.group, ...ids).catch((err: Error) => this.log.warn(`XACK on ${stream} failed: ${err.message}`)));
      }
    }
    const requestAcks = this.acks.get(this.requestStream) ?? [];
    if (requestAcks.length > 0 || this.replies.length > 0) {
      const count = this.replies.length;
      sent.push(
        scripts
          .replyAndAck(this.requestStream, this.group, requestAcks, this.replyStreams, this.replies)
          .catch((err: Error) => this.log.warn(`${count} replies lost (callers will time out): ${err.message}`)),
      );
    }
    this.acks.clear();
    this.replyStreams = [];
    this.replies = [];
    return Promise.all(sent);
  }

  /** Lets entries already read finish, for at most claimIdleMs (then they are left to be claimed). */
  private async drain(): Promise<void> {
    const giveUpAt = Date.now() + this.claimIdleMs;
    while (this.inFlight > 0 && Date.now() < giveUpAt) await sleep(20);
    if (this.inFlight > 0) {
      this.log.warn(`Closing with ${this.inFlight} entries unfinished; another replica will claim them`);
    }
  }

  private scheduleMaintenance(): void {
    const every = Math.max(50, Math.floor(this.claimIdleMs / 3));
    this.maintenanceTimer = setTimeout(() => {
      this.maintain()
        .catch((err: Error) => this.log.debug(`Bus maintenance skipped: ${err.message}`))
        .finally(() => {
          if (!this.stopped) this.scheduleMaintenance();
        });
    }, every);
  }

  private async maintain(): Promise<void> {
    if (this.writer?.status !== 'ready') return;
    await this.heartbeat(this.writer);
    if (this.closing) return;
    await this.claimIdle(this.writer);
    await this.reportPending(this.writer);
  }

  /**
   * Resets the idle time of entries still running here (XCLAIM to ourselves, JUSTID so the
   * delivery count is untouched): a slow handler is not mistaken for a dead replica.
   */
  private async heartbeat(redis: Redis): Promise<void> {
    const now = Date.now();
    const staleAfter = Math.floor(this.claimIdleMs / 3);
    const calls: Promise<unknown>[] = [];
    for (const [stream, entries] of this.running) {
      const ids: string[] = [];
      for (const [id, since] of entries) {
        if (now - since < staleAfter) continue;
        ids.push(id);
        entries.set(id, now);
      }
      if (ids.length > 0) calls.push(redis.xclaim(stream, this.group, this.consumer, 0, ...ids, 'JUSTID'));
    }
    await Promise.all(calls);
  }

  /** Takes over entries idle for claimIdleMs: their replica died or lost its connection. */
  private async claimIdle(redis: Redis): Promise<void> {
    for (const stream of this.streams) {
      const room = this.batchSize - this.inFlight;
      if (room <= 0 || this.closing) return;
      const cursor = this.claimCursors.get(stream) ?? '0-0';
      const [next, claimed] = (await redis.xautoclaim(stream, this.group, this.consumer, this.claimIdleMs, cursor, 'COUNT', room)) as [
        string,
        StreamEntry[],
      ];
      this.claimCursors.set(stream, next);
      const mine = this.running.get(stream);
      const fresh = claimed.filter(([id]) => !mine?.has(id));
      if (fresh.length === 0) continue;
      const counts = await this.deliveryCounts(redis, stream, fresh.map(([id]) => id));
      fresh.forEach(([id, fields], i) => {
        const pattern = this.patternOf(stream, fields);
        busMetrics.redeliveries.inc({ pattern });
        this.dispatch(stream, id, fields, counts[i]);
      });
    }
  }

  private async deliveryCounts(redis: Redis, stream: string, ids: string[]): Promise<number[]> {
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.xpending(stream, this.group, id, id, 1);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([, rows]) => {
      const row = (rows as Array<[string, string, number, number]>)[0];
      return row ? Number(row[3]) : 2;
    });
  }

  private patternOf(stream: string, fields: string[] | null): string {
    if (stream !== this.requestStream) return stream.slice(busKeys.events(this.prefix, '').length);
    try {
      return (JSON.parse(fields?.[1] ?? '') as BusEnvelope).p;
    } catch {
      return 'malformed';
    }
  }

  private async reportPending(redis: Redis): Promise<void> {
    for (const stream of this.streams) {
      const groups = (await redis.xinfo('GROUPS', stream)) as Array<Array<string | number | null>>;
      for (const info of groups) {
        const field = (name: string) => info[info.indexOf(name) + 1];
        if (field('name') !== this.group) continue;
        const waiting = Number(field('pending') ?? 0) + Number(field('lag') ?? 0);
        busMetrics.pending.set({ stream: stream.slice(this.prefix.length), group: this.group }, waiting);
      }
    }
  }
}
