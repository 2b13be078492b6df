import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/**
 * A job every replica runs on a timer (the work itself decides who does it: an advisory lock,
 * SKIP LOCKED rows). A round never overlaps the previous one on the same replica, an error is
 * logged and the next round runs, the timer does not keep the process alive, and shutdown waits
 * for the round in progress.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly log = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private enCurso?: Promise<unknown>;

  /** `nombre` names the job in its failure log line ("due-soon job failed: …"). */
  protected constructor(
    private readonly intervaloMs: number,
    private readonly nombre: string,
  ) {}

  /** One round of the work. */
  protected abstract ronda(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.intervaloMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.enCurso;
  }

  /** Starts a round unless one is running; answers the round in progress. */
  protected tick(): Promise<unknown> {
    this.enCurso ??= this.ronda()
      .catch((err: Error) => this.log.error(`${this.nombre} failed: ${err.message}`))
      .finally(() => (this.enCurso = undefined));
    return this.enCurso;
  }
}
