/**
 * Helpers for the bus's own specs: unique key prefixes, NestJS microservices booted in-process on
 * the real Redis, and a private redis-server that a test may kill and restart.
 */
import { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { BusExceptionFilter } from './bus-exception.filter';
import { BusServerOptions } from './bus.options';
import { RedisStreamsServer } from './redis-streams.server';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix per test, inside the run's prefix, so tests never see each other's streams. */
export function uniquePrefix(): string {
  return `${process.env.REDIS_KEY_PREFIX ?? 'test:bus:'}${randomBytes(4).toString('hex')}:`;
}

/** Deletes a test's keys (SCAN is fine here: tests are not a request path). */
export async function removeKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

export interface BootedService {
  app: INestMicroservice;
  server: RedisStreamsServer;
}

/** One replica: its own Nest container, controllers and consumer, like a separate process. */
export async function bootService(
  controllers: Type<unknown>[],
  providers: DynamicModule['providers'],
  options: BusServerOptions,
): Promise<BootedService> {
  const module: DynamicModule = { module: class BusTestModule {}, controllers, providers };
  const server = new RedisStreamsServer(options);
  const app = await NestFactory.createMicroservice(module, { strategy: server, logger: false });
  app.useGlobalFilters(new BusExceptionFilter());
  await app.listen();
  return { app, server };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server of the test's own, without persistence (a restart loses everything). */
export class PrivateRedis {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await sparePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 20, maxRetriesPerRequest: null });
    probe.on('error', () => undefined);
    try {
      await probe.connect().catch(() => undefined);
      await probe.ping();
    } finally {
      probe.disconnect();
    }
  }

  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
