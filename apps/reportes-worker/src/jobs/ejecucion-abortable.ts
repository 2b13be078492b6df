/**
 * How a job's work is stopped: one AbortSignal that fires on the time limit, on the worker's own
 * signal (shutdown, or a cancel that reached the process holding the job) and on the task's
 * cancel flag, which `checkpoint()` reads between units of work. Streams and queries given the
 * signal are destroyed with it, so the work stops rather than being merely marked failed.
 */

/** The task was cancelled by its requester: no retry, no file. */
export class TrabajoCancelado extends Error {
  override name = 'TrabajoCancelado';
  readonly code = 'CANCELADO';
  constructor() {
    super('tarea cancelada');
  }
}

/** The attempt ran past its time limit; the job is retried with backoff, then fails with this reason. */
export class TiempoExcedido extends Error {
  override name = 'TiempoExcedido';
  readonly code = 'TIEMPO_EXCEDIDO';
  constructor(readonly limiteMs: number) {
    super(`tiempo límite de ${limiteMs} ms excedido`);
  }
}

/** The worker is shutting down: the attempt is released to the queue, not counted as failed. */
export class TrabajoInterrumpido extends Error {
  override name = 'TrabajoInterrumpido';
  readonly code = 'INTERRUMPIDO';
  constructor() {
    super('trabajo interrumpido por el apagado del worker');
  }
}

/** Reason given to the worker's own abort when a cancel reaches the process running the job. */
export const MOTIVO_CANCELACION = 'cancelada';

export interface EjecucionOptions {
  limiteMs: number;
  /** The signal BullMQ hands the processor. */
  signal?: AbortSignal;
  /** Reads the task's cancel flag; called by checkpoint() at most every `intervaloMs`. */
  cancelada?: () => Promise<boolean>;
  intervaloMs?: number;
}

export class Ejecucion {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private ultimaConsulta = 0;
  private readonly onWorkerAbort = () => {
    const reason = this.options.signal?.reason;
    this.controller.abort(reason === MOTIVO_CANCELACION ? new TrabajoCancelado() : new TrabajoInterrumpido());
  };

  constructor(private readonly options: EjecucionOptions) {
    this.timer = setTimeout(() => this.controller.abort(new TiempoExcedido(options.limiteMs)), options.limiteMs);
    this.timer.unref();
    if (options.signal?.aborted) this.onWorkerAbort();
    else options.signal?.addEventListener('abort', this.onWorkerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Throws the reason when the work must stop. Cheap: the cancel flag is read at most every `intervaloMs`. */
  async checkpoint(): Promise<void> {
    this.lanzarSiAbortada();
    const ahora = Date.now();
    if (this.options.cancelada && ahora - this.ultimaConsulta >= (this.options.intervaloMs ?? 500)) {
      this.ultimaConsulta = ahora;
      if (await this.options.cancelada()) this.controller.abort(new TrabajoCancelado());
      this.lanzarSiAbortada();
    }
  }

  /** The error that stopped the work, or undefined while it may go on. */
  motivo(): Error | undefined {
    if (!this.controller.signal.aborted) return undefined;
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof Error ? reason : new Error(String(reason));
  }

  terminar(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onWorkerAbort);
  }

  private lanzarSiAbortada(): void {
    const motivo = this.motivo();
    if (motivo) throw motivo;
  }
}
