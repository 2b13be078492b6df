import { Logger } from '@nestjs/common';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { DomainException, ErrorCodes } from '../errors';
import { RequestContext } from '../logging/request-context';
import { BusEnvelope, ENVELOPE_FIELD, ReplyEnvelope, busKeys } from './bus.keys';
import { busMetrics } from './bus.metrics';
import {
  BUS_DEFAULTS,
  BUS_MESSAGE_TOO_LARGE,
  BusClientOptions,
  ENTRIES_PER_TURN,
  MAX_MESSAGE_BYTES,
  REQUEST_RETENTION_MS,
  positiveInt,
  resolveKeyPrefix,
  tooLarge,
} from './bus.options';
import { BusScripts, busScripts } from './bus.scripts';
import { createRedisConnection, sleep, whenReady } from './redis-connection.factory';

/** The reply stream lives this long after its client stops refreshing it (a crashed instance). */
const REPLY_TTL_MS = 60_000;
const REPLY_READ_BLOCK_MS = 2_000;
const REPLY_READ_COUNT = 512;

/**
 * Creates the reply stream if missing (an empty stream: one entry trimmed at once) and renews its
 * expiry. Replies are written with NOMKSTREAM, so once an instance is gone and its stream has
 * expired, late replies are dropped instead of recreating a key nobody reads.
 */
const ENSURE_REPLY_STREAM = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('XADD', KEYS[1], 'MAXLEN', '0', '*', 'e', '') end
return redis.call('PEXPIRE', KEYS[1], ARGV[1])`;

interface PendingRequest {
  callback: (packet: WritePacket) => void;
  pattern: string;
  started: number;
  timer: NodeJS.Timeout;
}

type XReadResult = Array<[stream: string, entries: Array<[id: string, fields: string[]]>]> | null;

/**
 * NestJS ClientProxy on Redis Streams. `send()` writes to the target service's request stream and
 * waits for the reply on this instance's own reply stream, at most `timeoutMs` (then BUS_TIMEOUT);
 * `emit()` appends to the event's stream.
 */
export class RedisStreamsClient extends ClientProxy {
  private readonly log = new Logger(RedisStreamsClient.name);
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly eventMaxLen: number;
  private readonly requestStream: string;
  private readonly replyStream: string;

  private writer?: Redis;
  private scripts?: BusScripts;
  private reader?: Redis;
  /** Requests of this event-loop turn, sent together by flushRequests(). */
  private batchIds: string[] = [];
  private batch: string[] = [];
  private readonly pending = new Map<string, PendingRequest>();
  private sequence = 0;
  private lastReplyId = '0-0';
  private replyStreamReady = false;
  private closing = false;
  private replyLoop?: Promise<void>;
  private refreshTimer?: NodeJS.Timeout;

  constructor(private readonly options: BusClientOptions) {
    super();
    this.prefix = resolveKeyPrefix(options.keyPrefix);
    this.timeoutMs = positiveInt('timeoutMs', options.timeoutMs ?? BUS_DEFAULTS.timeoutMs);
    if (this.timeoutMs > REQUEST_RETENTION_MS) {
      throw new Error(`Bus option timeoutMs must be at most ${REQUEST_RETENTION_MS} ms (use a job for longer work)`);
    }
    this.eventMaxLen = positiveInt('eventMaxLen', options.eventMaxLen ?? BUS_DEFAULTS.eventMaxLen);
    this.requestStream = busKeys.requests(this.prefix, options.service);
    const instance = [options.service, options.caller, randomBytes(8).toString('hex')].filter(Boolean).join(':');
    this.replyStream = busKeys.replies(this.prefix, instance);
  }

  /**
   * Opens the connections once and waits (at most timeoutMs) until requests can be sent and
   * answered. While Redis is away every send() waits here, then fails with BUS_UNAVAILABLE.
   */
  async connect(): Promise<void> {
    if (this.isConnected()) return;
    if (this.closing) throw this.unavailable('the client is closed');
    this.open();
    const deadline = Date.now() + this.timeoutMs;
    try {
      await whenReady(this.writer as Redis, this.timeoutMs);
      while (!this.isConnected()) {
        if (this.closing || Date.now() >= deadline) throw new Error('reply stream not ready');
        await sleep(10);
      }
    } catch (err) {
      throw this.unavailable((err as Error).message);
    }
  }

  isConnected(): boolean {
    return !this.closing && this.replyStreamReady && this.writer?.status === 'ready' && this.reader?.status === 'ready';
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.refreshTimer);
    for (const id of [...this.pending.keys()]) this.settle(id, 'unavailable', { err: this.unavailable('the client closed') });
    this.reader?.disconnect();
    // A read queued on a connection that never reached Redis may never settle; the loop exits
    // on its own within one block interval otherwise.
    await Promise.race([this.replyLoop, sleep(REPLY_READ_BLOCK_MS + 500)]);
    if (this.writer?.status === 'ready') await this.writer.del(this.replyStream).catch(() => undefined);
    this.writer?.disconnect();
  }

  unwrap<T>(): T {
    if (!this.writer || !this.reader) throw new Error('RedisStreamsClient is not connected');
    return [this.writer, this.reader] as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    const id = (++this.sequence).toString(36);
    const requestId = RequestContext.requestId();
    const headers: Record<string, string> = { deadline: String(Date.now() + this.timeoutMs) };
    if (requestId) headers.requestId = requestId;
    const envelope: BusEnvelope = { i: id, p: pattern, d: packet.data, h: headers, r: this.replyStream };
    // Serialised first: a payload that cannot be (a cycle) fails here, before anything is pending.
    const body = JSON.stringify(envelope);
    if (tooLarge(Buffer.byteLength(body))) {
      callback({ err: messageTooLarge(pattern), isDisposed: true });
      return () => undefined;
    }
    const timer = setTimeout(() => this.onTimeout(id), this.timeoutMs);
    this.pending.set(id, { callback, pattern, started: performance.now(), timer });
    this.batchIds.push(id);
    this.batch.push(body);
    if (this.batch.length === 1) process.nextTick(() => this.flushRequests());
    return () => this.forget(id);
  }

  /** One script call per turn (XADD of each request, and the trim of entries past any deadline). */
  private flushRequests(): void {
    const ids = this.batchIds;
    const envelopes = this.batch;
    this.batchIds = [];
    this.batch = [];
    (this.scripts as BusScripts)
      .sendRequests(this.requestStream, Date.now() - REQUEST_RETENTION_MS, envelopes)
      .catch((err: Error) => {
        for (const id of ids) this.settle(id, 'unavailable', { err: this.unavailable(err.message) });
      });
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern);
    const requestId = RequestContext.requestId();
    const envelope: BusEnvelope = { i: randomUUID(), p: pattern, d: packet.data, h: requestId ? { requestId } : {} };
    const body = JSON.stringify(envelope);
    if (tooLarge(Buffer.byteLength(body))) throw messageTooLarge(pattern);
    await (this.writer as Redis).xadd(busKeys.events(this.prefix, pattern), 'MAXLEN', '~', this.eventMaxLen, '*', ENVELOPE_FIELD, body);
    return undefined as T;
  }

  private open(): void {
    if (this.writer) return;
    const name = `bus-client:${this.options.service}`;
    this.writer = createRedisConnection(this.options.redisUrl, `${name}:write`, 'fail-fast');
    this.scripts = busScripts(this.writer);
    this.reader = createRedisConnection(this.options.redisUrl, `${name}:replies`, 'blocking');
    // A restarted Redis may have lost the reply stream; replies written with NOMKSTREAM would vanish.
    // The read loop recreates it; the writer does it at once in case the resent read blocks first.
    this.reader.on('close', () => (this.replyStreamReady = false));
    this.reader.on('ready', () => void this.ensureReplyStream(this.writer as Redis));
    this.refreshTimer = setInterval(() => void this.ensureReplyStream(this.writer as Redis), REPLY_TTL_MS / 3);
    this.refreshTimer.unref();
    this.replyLoop = this.readReplies(this.reader);
  }

  private async ensureReplyStream(redis: Redis): Promise<void> {
    try {
      await whenReady(redis, REPLY_READ_BLOCK_MS);
      await redis.eval(ENSURE_REPLY_STREAM, 1, this.replyStream, REPLY_TTL_MS);
      this.replyStreamReady = true;
    } catch {
      // Retried on the next refresh or reconnection.
    }
  }

  private async readReplies(reader: Redis): Promise<void> {
    while (!this.closing) {
      try {
        if (!this.replyStreamReady) await this.ensureReplyStream(reader);
        const result = (await reader.call(
          'XREAD',
          'COUNT',
          REPLY_READ_COUNT,
          'BLOCK',
          REPLY_READ_BLOCK_MS,
          'STREAMS',
          this.replyStream,
          this.lastReplyId,
        )) as XReadResult;
        if (!result) continue;
        let handled = 0;
        for (const [id, fields] of result[0][1]) {
          this.lastReplyId = id;
          if (fields[1]) this.onReply(fields[1]);
          if (++handled % ENTRIES_PER_TURN === 0) await setImmediate();
        }
      } catch {
        if (this.closing) break;
        await sleep(100);
      }
    }
  }

  private onReply(raw: string): void {
    let reply: ReplyEnvelope;
    try {
      reply = JSON.parse(raw) as ReplyEnvelope;
    } catch {
      this.log.error('Malformed reply on the bus, ignored');
      return;
    }
    if (reply.e) {
      this.settle(reply.i, 'domain_error', { err: DomainException.fromProblem(reply.e) });
    } else if (reply.d === undefined) {
      // A handler that returned nothing: one undefined value, then completion (as NestJS does).
      const request = this.pending.get(reply.i);
      this.settle(reply.i, 'ok', { response: undefined });
      request?.callback({ isDisposed: true });
    } else {
      this.settle(reply.i, 'ok', { response: reply.d, isDisposed: true });
    }
  }

  private onTimeout(id: string): void {
    const request = this.pending.get(id);
    if (!request) return;
    busMetrics.timeouts.inc({ pattern: request.pattern });
    this.settle(id, 'timeout', {
      err: new DomainException(
        ErrorCodes.BUS_TIMEOUT,
        504,
        `No reply from service "${this.options.service}" to "${request.pattern}" within ${this.timeoutMs} ms`,
      ),
    });
  }

  /** Completes a request once; late or duplicate replies find nothing and are ignored. */
  private settle(id: string, outcome: string, packet: WritePacket): void {
    const request = this.pending.get(id);
    if (!request) return;
    this.forget(id);
    busMetrics.requestDuration.observe(
      { side: 'client', pattern: request.pattern, outcome },
      (performance.now() - request.started) / 1000,
    );
    request.callback(packet);
  }

  private forget(id: string): void {
    const request = this.pending.get(id);
    if (!request) return;
    clearTimeout(request.timer);
    this.pending.delete(id);
  }

  private unavailable(reason: string): DomainException {
    return new DomainException(ErrorCodes.BUS_UNAVAILABLE, 503, `Bus unavailable for service "${this.options.service}": ${reason}`);
  }
}

function messageTooLarge(pattern: string): DomainException {
  return new DomainException(BUS_MESSAGE_TOO_LARGE, 413, `Message for "${pattern}" is larger than the bus carries (${MAX_MESSAGE_BYTES} bytes)`);
}
