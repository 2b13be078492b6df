import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type { AppConfig } from '@mesa/shared/config';
import { observeWorker } from '@mesa/shared/queue';
import { avisoLimitado } from './colas';
import { Ejecucion, TiempoExcedido, TrabajoCancelado, TrabajoInterrumpido } from './ejecucion-abortable';
import { intentosTerminados, observarEstados, ResultadoIntento, trabajosActivos } from './worker.metrics';

/** How long shutdown lets active jobs finish before interrupting them (they go back to the queue). */
const GRACIA_APAGADO_MS = 20_000;
/** An interrupted job waits this long before another worker takes it. */
const REENCOLAR_MS = 1000;

/**
 * What every job of reportes-worker shares: its worker starts once the app is up, with
 * WORKER_CONCURRENCY; each attempt runs under an Ejecucion (time limit, cancel, shutdown);
 * a cancelled task fails without retry; the last failed attempt is recorded by `alFallar`; and
 * shutdown lets active jobs finish for GRACIA_APAGADO_MS, then interrupts and re-queues them.
 * Subclasses are decorated `@Processor(queue, { autorun: false })`.
 */
export abstract class ProcesadorBase<T, R> extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly log = new Logger(this.constructor.name);

  constructor(protected readonly config: AppConfig) {
    super();
  }

  /** The work of one attempt; it calls `e.checkpoint()` between units of work. */
  protected abstract ejecutar(job: Job<T>, e: Ejecucion): Promise<R>;

  /** The task's cancel flag, when the job kind can be cancelled. */
  protected cancelada?(job: Job<T>): Promise<boolean>;

  /** The last attempt failed (or the failure cannot be retried): record it. By default the queue's failed job is the record. */
  protected alFallar?(job: Job<T>, err: Error): Promise<void>;

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    observeWorker(this.worker);
    observarEstados(this.worker);
    const avisar = avisoLimitado(this.log);
    this.worker.on('error', (err) => avisar(`worker ${this.worker.name}`, err.message));
    this.worker.run().catch((err: Error) => this.log.error(`worker ${this.worker.name} stopped: ${err.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const interrumpir = setTimeout(() => this.worker.cancelAllJobs('apagado'), GRACIA_APAGADO_MS);
    try {
      await this.worker.close();
    } finally {
      clearTimeout(interrumpir);
    }
  }

  // Three declared parameters: BullMQ hands the abort signal only to processors that take it.
  async process(job: Job<T>, token?: string, signal?: AbortSignal): Promise<R> {
    const cancelada = this.cancelada?.bind(this);
    const e = new Ejecucion({ limiteMs: this.config.JOB_TIMEOUT_MS, signal, cancelada: cancelada && (() => cancelada(job)) });
    const queue = this.worker.name;
    let resultado: ResultadoIntento = 'failed';
    trabajosActivos.inc({ queue });
    try {
      const r = await this.ejecutar(job, e);
      resultado = 'completed';
      return r;
    } catch (thrown) {
      const err = e.motivo() ?? (thrown as Error);
      resultado = err instanceof TrabajoCancelado ? 'cancelled' : err instanceof TiempoExcedido ? 'timeout' : err instanceof TrabajoInterrumpido ? 'interrupted' : 'failed';
      if (err instanceof TrabajoCancelado) throw new UnrecoverableError(err.message);
      if (err instanceof TrabajoInterrumpido && token) {
        await job.moveToDelayed(Date.now() + REENCOLAR_MS, token);
        throw new DelayedError();
      }
      const ultimo = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (ultimo && this.alFallar) await this.alFallar(job, err).catch((x: Error) => this.log.error(`recording the failure of job ${job.id}: ${x.message}`));
      throw err;
    } finally {
      e.terminar();
      trabajosActivos.dec({ queue });
      intentosTerminados.inc({ queue, outcome: resultado });
    }
  }
}
