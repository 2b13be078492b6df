import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { DataSource, QueryRunner } from 'typeorm';
import { ENVELOPE_FIELD, busKeys } from './bus.keys';
import { busMetrics } from './bus.metrics';
import { BUS_DEFAULTS, positiveInt, resolveKeyPrefix } from './bus.options';
import { deleteOutboxRows, listenOutbox, outboxBacklog, OutboxRow, takeOutboxBatch } from './outbox.repository';
import { quotedSchema } from './outbox.sql';
import { createRedisConnection } from './redis-connection.factory';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  redisUrl: string;
  keyPrefix?: string;
  /** Safety-net poll (ms) for notifications missed while the LISTEN connection was down. */
  pollMs?: number;
  /** `MAXLEN ~` of the event streams written to. */
  eventMaxLen?: number;
}

const BATCH = 200;
/** When another relay holds the lock, look again this soon for rows it may have missed. */
const LOCKED_RETRY_MS = 50;

interface PgNotifier {
  on(event: 'notification', listener: () => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
}

/**
 * Publishes committed outbox rows to the event streams, in id order, and deletes them.
 *
 * Several replicas may run a relay: one transaction-scoped advisory lock per schema lets one
 * drain at a time. (Row locks with SKIP LOCKED would let a second relay publish later rows while
 * the first is still publishing earlier ones, breaking the order.) Rows are deleted only after
 * Redis accepted them, in the same transaction that read them: a crash in between republishes
 * them (at least once; consumers deduplicate with markEventProcessed).
 */
export class OutboxRelay {
  private readonly log = new Logger(OutboxRelay.name);
  private readonly prefix: string;
  private readonly pollMs: number;
  private readonly eventMaxLen: number;
  private redis?: Redis;
  private listener?: QueryRunner;
  private pollTimer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopping = false;
  private failing = false;
  private listenFailing = false;

  constructor(private readonly o: OutboxRelayOptions) {
    quotedSchema(o.schema); // an invalid schema name fails here, not at the first drain
    this.prefix = resolveKeyPrefix(o.keyPrefix);
    this.pollMs = positiveInt('pollMs', o.pollMs ?? 1_000);
    this.eventMaxLen = positiveInt('eventMaxLen', o.eventMaxLen ?? BUS_DEFAULTS.eventMaxLen);
  }

  async start(): Promise<void> {
    this.redis = createRedisConnection(this.o.redisUrl, `outbox-relay:${this.o.schema}`, 'fail-fast');
    // Publishing fails while Redis is away: drain as soon as it is (back), not at the next poll.
    this.redis.on('ready', () => this.kick());
    await this.listen();
    this.poll();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pollTimer);
    await this.draining;
    await this.unlisten();
    await this.redis?.quit().catch(() => undefined);
  }

  /** Starts a drain, or asks the running one to look again when it is done. */
  private kick(): void {
    if (this.stopping) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.relayBatch()) === BATCH && !this.stopping);
        if (this.failing) this.log.log(`Outbox ${this.o.schema}: relaying again`);
        this.failing = false;
      } catch (err) {
        // Left in the table for the next kick (poll, notification, Redis back). One line per outage.
        if (!this.failing) this.log.warn(`Outbox ${this.o.schema}: relay failed, will retry: ${(err as Error).message}`);
        this.failing = true;
      }
    } while (this.again && !this.stopping);
  }

  /** Relays up to BATCH rows in one transaction; returns how many. */
  private relayBatch(): Promise<number> {
    return this.o.dataSource.transaction(async (manager) => {
      const rows = await takeOutboxBatch(manager, this.o.schema, BATCH);
      if (!rows) {
        setTimeout(() => this.kick(), LOCKED_RETRY_MS).unref();
        return 0;
      }
      if (rows.length === 0) return 0;
      await this.publish(rows);
      await deleteOutboxRows(manager, this.o.schema, rows.map((r) => r.id));
      return rows.length;
    });
  }

  /** One pipeline, in order; any failure throws so the transaction rolls back and keeps the rows. */
  private async publish(rows: OutboxRow[]): Promise<void> {
    const pipeline = (this.redis as Redis).pipeline();
    for (const row of rows) {
      // The stored JSON is spliced in as is: no parse and re-serialise of every payload.
      const envelope = `{"i":${JSON.stringify(row.event_id)},"p":${JSON.stringify(row.pattern)},"d":${row.payload},"h":${row.headers}}`;
      pipeline.xadd(busKeys.events(this.prefix, row.pattern), 'MAXLEN', '~', this.eventMaxLen, '*', ENVELOPE_FIELD, envelope);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed || results.length !== rows.length) throw failed?.[0] ?? new Error('Redis pipeline incomplete');
  }

  private poll(): void {
    this.pollTimer = setTimeout(async () => {
      if (!this.listener) await this.listen();
      this.kick();
      await this.reportBacklog().catch(() => undefined);
      if (!this.stopping) this.poll();
    }, this.pollMs);
  }

  private async reportBacklog(): Promise<void> {
    const row = await outboxBacklog(this.o.dataSource, this.o.schema);
    busMetrics.outboxPending.set({ schema: this.o.schema }, row.pending);
    busMetrics.outboxLag.set({ schema: this.o.schema }, row.lag);
  }

  /**
   * LISTEN on a connection of the data source's pool (held while the relay runs). If it breaks,
   * the poll keeps relaying and the next poll listens again.
   */
  private async listen(): Promise<void> {
    if (this.stopping) return;
    const runner = this.o.dataSource.createQueryRunner();
    try {
      const connection = (await runner.connect()) as PgNotifier;
      connection.on('notification', () => this.kick());
      connection.on('error', () => void this.unlisten());
      await listenOutbox(runner, this.o.schema);
      this.listener = runner;
      this.listenFailing = false;
      this.kick();
    } catch (err) {
      if (!this.listenFailing) {
        this.log.warn(`Outbox ${this.o.schema}: LISTEN failed, polling every ${this.pollMs} ms: ${(err as Error).message}`);
      }
      this.listenFailing = true;
      await runner.release().catch(() => undefined);
    }
  }

  private async unlisten(): Promise<void> {
    const runner = this.listener;
    this.listener = undefined;
    if (!runner || runner.isReleased) return;
    await listenOutbox(runner, this.o.schema, false).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
