import Redis from 'ioredis';
import { NodeServiceProcess, sampleSum, spawnApp } from '@mesa/shared/testing';
import { prefijoPropio } from '../../../reportes-worker/test/support';

/**
 * The processes of one fault test file, on a key prefix of the file's own (below the run's), so
 * replicas booted by files running in parallel never join its consumer groups.
 */
export function faultSuite(name: string, env: Record<string, string> = {}) {
  const prefix = prefijoPropio(`faults-${name}`);
  const started: NodeServiceProcess[] = [];
  return {
    prefix,
    spawn: async (app: string, extra: Record<string, string> = {}) => {
      const p = await spawnApp(app, { LOG_LEVEL: 'warn', REDIS_KEY_PREFIX: prefix, ...env, ...extra });
      started.push(p);
      return p;
    },
    stopAll: () => Promise.all(started.map((p) => p.stop())),
  };
}

/** Entries of a service's request stream read by a replica and not acknowledged yet. */
export async function pendingRequests(redis: Redis, prefix: string, service: string): Promise<number> {
  const [count] = (await redis.xpending(`${prefix}bus:req:${service}`, service)) as [number, ...unknown[]];
  return Number(count);
}

/** One metric of an app's /metrics, summed over the samples with these labels. */
export async function metric(app: { url: string }, name: string, labels: Record<string, string> = {}): Promise<number> {
  return sampleSum(await (await fetch(`${app.url}/metrics`)).text(), name, labels);
}
