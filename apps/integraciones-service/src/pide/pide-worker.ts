import { WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { PideEntidad, PideTramite } from '@mesa/db-entities';
import type { AppConfig } from '@mesa/shared/config';
import { observeWorker } from '@mesa/shared/queue';
import { PideRepository } from './pide.repository';

export type Destino = {
  t: PideTramite & { documentoId: string };
  entidad: PideEntidad & { endpoint: string };
};

/** What the PIDE workers share: concurrency, metrics, and the exchange and entity a job is about. */
export abstract class PideWorker<J extends { tramiteId: string }> extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    protected readonly repo: PideRepository,
    protected readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap() {
    // Calls mostly wait on PIDE: WORKER_CONCURRENCY of them at once per replica.
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    observeWorker(this.worker);
  }

  /** The job's exchange and its entity; a job that can never succeed (no exchange, no endpoint) fails for good. */
  protected async destino(job: Job<J>): Promise<Destino> {
    const t = await this.repo.tramitePorId(job.data.tramiteId);
    if (!t || !t.documentoId) throw new UnrecoverableError('exchange not found');
    const entidad = await this.repo.entidadPorId(t.entidadId);
    if (!entidad?.activa || !entidad.endpoint) throw new UnrecoverableError('entity inactive or without endpoint');
    return { t, entidad } as Destino;
  }
}
