import Redis from 'ioredis';
import { Client } from 'pg';
import { ManagedProcess, NodeServiceProcess, sampleSum, spawnApp } from '@mesa/shared/testing';
import { prefijoPropio } from '../../../reportes-worker/test/support';
import { waitFor } from '../support';
import { Answer, crashWithWorkInDoubt, KeyedStream, KeyedStreamOptions } from './keyed-stream';

/**
 * The processes of one fault test file, on a key prefix of the file's own (below the run's), so
 * replicas booted by files running in parallel never join its consumer groups; and the test's
 * connections to their database and bus Redis (`env` may name others than the run's).
 */
export function faultSuite(name: string, env: Record<string, string> = {}) {
  const prefix = prefijoPropio(`faults-${name}`);
  const started: NodeServiceProcess[] = [];
  let pg: Client | undefined;
  let redis: Redis | undefined;
  return {
    prefix,
    get pg() {
      return pg as Client;
    },
    get redis() {
      return redis as Redis;
    },
    open: async () => {
      pg = new Client({ connectionString: env.DATABASE_URL ?? process.env.DATABASE_URL });
      await pg.connect();
      redis = new Redis(env.REDIS_URL ?? (process.env.REDIS_URL as string));
    },
    spawn: async (app: string, extra: Record<string, string> = {}) => {
      const p = await spawnApp(app, { LOG_LEVEL: 'warn', REDIS_KEY_PREFIX: prefix, ...env, ...extra });
      started.push(p);
      return p;
    },
    close: async () => {
      await Promise.all(started.map((p) => p.stop()));
      await redis?.quit();
      await pg?.end();
    },
  };
}

/** Entries of a service's request stream read by a replica and not acknowledged yet. */
async function pendingRequests(redis: Redis, prefix: string, service: string): Promise<number> {
  const [count] = (await redis.xpending(`${prefix}bus:req:${service}`, service)) as [number, ...unknown[]];
  return Number(count);
}

/** One metric of an app's /metrics, summed over the samples with these labels. */
async function metric(app: { url: string }, name: string, labels: Record<string, string> = {}): Promise<number> {
  return sampleSum(await (await fetch(`${app.url}/metrics`)).text(), name, labels);
}

/** One effect of the stream in the database: which request made it, and the number it got. */
export interface Effect {
  i: number;
  numero: string;
}

/** The documents registered with asunto `<tag> <i>`, as the effects of request i. */
export function documentsTagged(pg: Client, tag: string): () => Promise<Effect[]> {
  return async () =>
    (
      await pg.query('SELECT asunto, numero_expediente FROM documentos.documento WHERE asunto LIKE $1', [`${tag} %`])
    ).rows.map((r) => ({
      i: Number(r.asunto.slice(tag.length + 1)),
      numero: r.numero_expediente as string,
    }));
}

/** Requests of each fault test's stream, and the one at which its fault strikes: the middle of it. */
export const STREAM_TOTAL = 150;
const FAULT_AT = 50;

/**
 * The stream of the kill tests: `total` keyed requests, 20 at a time; at request FAULT_AT `victim` is
 * SIGKILLed while it holds work committed and unanswered (and `alsoInDoubt` holds), then
 * `replace` starts what takes its place. Resolves once every request has its final answer.
 */
export async function streamWithKill(o: {
  total: number;
  send: KeyedStreamOptions['send'];
  effects: () => Promise<Effect[]>;
  victim: ManagedProcess;
  alsoInDoubt?: () => Promise<boolean>;
  replace: () => Promise<unknown>;
}): Promise<KeyedStream> {
  let struckInDoubt = false;
  const stream = new KeyedStream({
    total: o.total,
    concurrency: 20,
    send: o.send,
    fault: {
      at: FAULT_AT,
      run: async () => {
        const inDoubt = async () =>
          (await o.effects()).length > stream.acknowledged && (o.alsoInDoubt ? await o.alsoInDoubt() : true);
        struckInDoubt = await crashWithWorkInDoubt(o.victim, inDoubt);
        await o.replace();
      },
    },
  });
  await stream.run();
  // Else this run did not test what it is about (the kill found nothing in doubt).
  expect(struckInDoubt).toBe(true);
  return stream;
}

/**
 * Every request acknowledged, and exactly one effect per request, with the number its answer
 * named; the same again after every key was replayed (each replay names the same number).
 */
export async function expectOneEffectPerKey(
  stream: KeyedStream,
  effects: () => Promise<Effect[]>,
  numeroOf: (a: Answer) => string,
) {
  expect({ unacknowledged: stream.unacknowledged(), summary: stream.summary() }).toMatchObject({ unacknowledged: [] });
  const numeros = stream.answers.map(numeroOf);
  const check = async () => {
    const rows = await effects();
    const byRequest = new Map<number, string[]>();
    for (const e of rows) byRequest.set(e.i, [...(byRequest.get(e.i) ?? []), e.numero]);
    const wrong = numeros.flatMap((answered, i) => {
      const found = byRequest.get(i) ?? [];
      return found.length === 1 && found[0] === answered ? [] : [{ i, answered, found }];
    });
    return { effects: rows.length, wrong };
  };
  expect(await check()).toEqual({ effects: numeros.length, wrong: [] });
  const replayed = await stream.replay();
  expect(replayed.map(numeroOf)).toEqual(numeros);
  expect(await check()).toEqual({ effects: numeros.length, wrong: [] });
}

/**
 * A service replica killed mid-stream (see streamWithKill) while it holds entries of its request
 * stream, and replaced; then one effect per key, and the requests the dead replica held dropped
 * by the replacement as expired (their callers' deadline, 5 s, passes before the claim, idle 10 s).
 */
export async function killReplicaMidStream(o: {
  suite: ReturnType<typeof faultSuite>;
  app: string;
  service: string;
  pattern: string;
  victim: ManagedProcess;
  send: KeyedStreamOptions['send'];
  effects: () => Promise<Effect[]>;
  numeroOf: (a: Answer) => string;
}): Promise<void> {
  let replacement: NodeServiceProcess | undefined;
  const stream = await streamWithKill({
    total: STREAM_TOTAL,
    send: o.send,
    effects: o.effects,
    victim: o.victim,
    alsoInDoubt: async () => (await pendingRequests(o.suite.redis, o.suite.prefix, o.service)) > 0,
    replace: async () => (replacement = await o.suite.spawn(o.app)),
  });
  await expectOneEffectPerKey(stream, o.effects, o.numeroOf);
  await waitFor(
    async () =>
      (await metric(replacement as NodeServiceProcess, 'bus_expired_requests_total', { pattern: o.pattern })) > 0,
    40_000,
  );
  expect((await o.effects()).length).toBe(STREAM_TOTAL);
}
