import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Job, Queue, QueueEvents } from 'bullmq';
import { loadConfig } from '../config';
import { Queues } from '../contracts';
import { metricsRegistry } from '../metrics';
import { freePort, waitUntil } from '../testing';
import { queueConnection, queuePrefix } from './queue.connection';
import { QueueModule, queueProbe } from './queue.module';
import { observeWorker } from './queue.metrics';

const config = loadConfig({
  ...process.env,
  REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'test:'}queue-spec:${process.pid}:`,
  JOB_LOCK_MS: '4321',
});
const QUEUE = Queues.PROCESAR_ARCHIVO_ADJUNTO;

@Injectable()
class Producer {
  constructor(@InjectQueue(QUEUE) readonly queue: Queue) {}
}

@Processor(QUEUE)
class Doubler extends WorkerHost {
  async process(job: Job<{ n: number }>): Promise<number> {
    if (job.data.n < 0) throw Object.assign(new Error(`negative ${job.data.n}`), { code: 'NEGATIVO' });
    return job.data.n * 2;
  }
}

describe('QueueModule', () => {
  let app: INestApplicationContext;
  let producer: Producer;
  let events: QueueEvents;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [QueueModule.forRoot(config, [QUEUE])],
      providers: [Producer, Doubler],
    }).compile();
    app = await moduleRef.init();
    producer = app.get(Producer);
    observeWorker(app.get(Doubler).worker);
    events = new QueueEvents(QUEUE, { connection: queueConnection(config), prefix: queuePrefix(config) });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await producer.queue.obliterate({ force: true });
    await events.close();
    await app.close();
  });

  it('runs jobs under the suite prefix with the default attempts and backoff', async () => {
    const job = await producer.queue.add('doblar', { n: 21 });
    expect(await job.waitUntilFinished(events, 10_000)).toBe(42);
    expect(job.opts.attempts).toBe(3);
    expect(job.opts.backoff).toEqual({ type: 'exponential', delay: 1000, jitter: 0.5 });
    expect(producer.queue.opts.prefix).toBe(`${config.REDIS_KEY_PREFIX}bull`);
  });

  it("gives workers JOB_LOCK_MS as their lock and stalled-check interval, so a dead worker's job comes back that soon", async () => {
    const { worker } = app.get(Doubler);
    expect(worker.opts).toMatchObject({ lockDuration: 4321, stalledInterval: 4321, lockRenewTime: 4321 / 2 });
  });

  it('drops a duplicate job id', async () => {
    const first = await producer.queue.add('doblar', { n: 1 }, { jobId: 'mismo-id' });
    const second = await producer.queue.add('doblar', { n: 99 }, { jobId: 'mismo-id' });
    expect(second.id).toBe(first.id);
    expect(await first.waitUntilFinished(events, 10_000)).toBe(2);
  });

  it('exports job counts, durations and failures with bounded labels', async () => {
    const bad = await producer.queue.add('doblar', { n: -1 }, { attempts: 1 });
    await expect(bad.waitUntilFinished(events, 10_000)).rejects.toThrow('negative -1');
    // The worker's own 'failed' event may come a moment after the queue's.
    const failure = new RegExp(`queue_job_failures_total\\{queue="${QUEUE}",reason="NEGATIVO"\\} 1`);
    expect(await waitUntil(async () => failure.test(await metricsRegistry.metrics()), { timeoutMs: 5000 })).toBe(true);
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(new RegExp(`queue_jobs\\{queue="${QUEUE}",state="completed"\\} [1-9]`));
    expect(text).toMatch(new RegExp(`queue_jobs\\{queue="${QUEUE}",state="failed"\\} [1-9]`));
    expect(text).toMatch(new RegExp(`queue_job_duration_seconds_count\\{queue="${QUEUE}",result="completed"\\} [1-9]`));
    expect(text).not.toContain('negative -1');
  });

  it('is ready when the queue Redis answers and not when it does not', async () => {
    const up = queueProbe(config);
    const down = queueProbe(loadConfig({ ...process.env, QUEUE_REDIS_URL: `redis://127.0.0.1:${await freePort()}` }));
    try {
      expect(await up.check()).toBe(true);
      expect(await down.check()).toBe(false);
    } finally {
      await up.close();
      await down.close();
    }
  });
});
