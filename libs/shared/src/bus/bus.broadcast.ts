import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { busKeys } from './bus.keys';
import { resolveKeyPrefix } from './bus.options';
import { createRedisConnection, whenReady } from './redis-connection.factory';

const PUBLISH_WAIT_MS = 5_000;

type BroadcastHandler = (data: unknown) => void;

/**
 * Every replica of every subscribed service hears each message (plain Redis pub/sub). At most
 * once and only to processes connected at that moment: use it for hints such as "drop this
 * cached entry", never for work that must happen (that is an event).
 */
export class BusBroadcast {
  private readonly log = new Logger(BusBroadcast.name);
  private readonly prefix: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private readonly handlers = new Map<string, BroadcastHandler[]>();

  constructor(
    private readonly redisUrl: string,
    keyPrefix?: string,
  ) {
    this.prefix = resolveKeyPrefix(keyPrefix);
  }

  async publish(channel: string, data: unknown): Promise<void> {
    this.publisher ??= createRedisConnection(this.redisUrl, 'bus-broadcast:pub', 'fail-fast');
    await whenReady(this.publisher, PUBLISH_WAIT_MS);
    await this.publisher.publish(busKeys.broadcast(this.prefix, channel), JSON.stringify(data ?? null));
  }

  /** Resolves once Redis confirmed the subscription, so a publish after it is heard. */
  async subscribe(channel: string, handler: BroadcastHandler): Promise<void> {
    const key = busKeys.broadcast(this.prefix, channel);
    if (!this.subscriber) {
      this.subscriber = createRedisConnection(this.redisUrl, 'bus-broadcast:sub', 'subscriber');
      this.subscriber.on('message', (from: string, message: string) => this.deliver(from, message));
    }
    const existing = this.handlers.get(key);
    if (existing) {
      existing.push(handler);
      return;
    }
    this.handlers.set(key, [handler]);
    await this.subscriber.subscribe(key);
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher?.quit(), this.subscriber?.quit()].map((p) => p?.catch(() => undefined)));
  }

  private deliver(key: string, message: string): void {
    let data: unknown;
    try {
      data = JSON.parse(message);
    } catch {
      this.log.warn(`Malformed broadcast on ${key}, ignored`);
      return;
    }
    for (const handler of this.handlers.get(key) ?? []) {
      try {
        handler(data);
      } catch (err) {
        this.log.error(`Broadcast handler for ${key} failed: ${(err as Error).message}`);
      }
    }
  }
}
