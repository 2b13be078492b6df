import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { AppCacheModule } from './app-cache.module';
import { CacheResult, cacheRequests } from './cache.metrics';
import type { CacheOptions } from './cache.options';
import { CacheService } from './cache.service';

export interface StartedCache {
  cache: CacheService;
  close(): Promise<void>;
}

/** A CacheService booted the way an app boots it (module init connects, module close disconnects). */
export async function startCache(options: CacheOptions): Promise<StartedCache> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppCacheModule.forRoot(options)],
  }).compile();
  await moduleRef.init();
  return { cache: moduleRef.get(CacheService), close: () => moduleRef.close() };
}

/** A key prefix no other run or test uses. */
export function uniquePrefix(): string {
  return `${process.env.REDIS_KEY_PREFIX ?? 'test:'}cache-${randomBytes(4).toString('hex')}:`;
}

export async function requestCount(
  namespace: string,
  result: CacheResult,
): Promise<number> {
  const series = (await cacheRequests.get()).values.find(
    (v) => v.labels.namespace === namespace && v.labels.result === result,
  );
  return series?.value ?? 0;
}

export function deferred<T>(): {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: Error): void;
} {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
