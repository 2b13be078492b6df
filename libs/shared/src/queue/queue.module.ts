import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Worker, type Processor, type Queue, type WorkerOptions } from 'bullmq';
import Redis from 'ioredis';
import type { AppConfig } from '../config';
import type { QueueName } from '../contracts';
import type { ReadinessProbe } from '../health';
import { JOB_DEFAULTS, queueConnection, queuePrefix, queueRedisUrl } from './queue.connection';
import { forgetQueue, observeQueue } from './queue.metrics';

const QUEUE_NAMES = Symbol('QUEUE_NAMES');

/** Puts the app's queues under the `queue_jobs` gauge for as long as the app runs. */
@Injectable()
class QueueObserver implements OnApplicationBootstrap, OnApplicationShutdown {
  private queues: Queue[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(QUEUE_NAMES) private readonly names: QueueName[],
  ) {}

  onApplicationBootstrap() {
    this.queues = this.names.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    this.queues.forEach(observeQueue);
  }

  onApplicationShutdown() {
    this.queues.forEach(forgetQueue);
  }
}

/**
 * The Worker class of the app's `@Processor`s: BullMQ's, with the lock and stalled-check interval
 * of JOB_LOCK_MS unless the processor sets its own. The decorator's options are fixed when the
 * code loads, before the configuration is read, and BullMQ's lock manager takes them when the
 * worker is built; `BullModule.workerClass` is @nestjs/bullmq's way to choose that class.
 */
function workerWithLock(lockMs: number): typeof Worker {
  return class WorkerWithLock extends Worker {
    // @nestjs/bullmq builds workers with these three arguments.
    constructor(name: string, processor: Processor, opts: WorkerOptions) {
      super(name, processor, { lockDuration: lockMs, stalledInterval: lockMs, ...opts });
    }
  };
}

/**
 * BullMQ for an app: one connection setting, key prefix, job defaults and job lock for the suite,
 * and the named queues registered so `@InjectQueue(name)` (producers) and `@Processor(name)`
 * (workers) work anywhere in the app.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig, names: QueueName[]): DynamicModule {
    BullModule.workerClass = workerWithLock(config.JOB_LOCK_MS);
    const registered = BullModule.registerQueue(...names.map((name) => ({ name })));
    return {
      module: QueueModule,
      imports: [
        BullModule.forRoot({ connection: queueConnection(config), prefix: queuePrefix(config), defaultJobOptions: JOB_DEFAULTS }),
        registered,
      ],
      providers: [{ provide: QUEUE_NAMES, useValue: names }, QueueObserver],
      exports: [registered],
    };
  }
}

/**
 * Readiness of an app that cannot work without its queues: the queue Redis answers a PING
 * within a second. One small connection of its own, so a blocked worker connection cannot
 * make the probe hang.
 */
export function queueProbe(config: AppConfig): ReadinessProbe & { close(): Promise<void> } {
  let client: Redis | undefined;
  const connect = () =>
    (client ??= new Redis(queueRedisUrl(config), {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    }));
  return {
    name: 'queue',
    async check() {
      const redis = connect();
      try {
        if (redis.status === 'wait') await redis.connect();
        const pong = await Promise.race([redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
        return pong === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      client?.disconnect();
      client = undefined;
    },
  };
}
