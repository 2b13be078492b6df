import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Queues, SincronizarDocumentoExternoJob, sincronizacionJobId } from '@mesa/shared/contracts';

/** The custom backoff type: the worker computes each delay (it logs it) and hands it over on the error. */
export const BACKOFF_INTEGRACION = 'integracion';

/**
 * Producer side of `sincronizar_documento_externo`: one job per (integration, document, event),
 * so a redelivered event adds nothing while the first job is kept (the queue defaults keep
 * completed jobs for a day). Attempts are the integration's maxReintentos.
 */
@Injectable()
export class SincronizacionQueue {
  constructor(
    @InjectQueue(Queues.SINCRONIZAR_DOCUMENTO_EXTERNO) private readonly queue: Queue<SincronizarDocumentoExternoJob>,
  ) {}

  async encolar(job: SincronizarDocumentoExternoJob, intentos: number, sufijo = ''): Promise<string> {
    const jobId = `${sincronizacionJobId(job)}${sufijo}`;
    await this.queue.add(job.evento, job, {
      jobId,
      attempts: Math.max(1, intentos),
      backoff: { type: BACKOFF_INTEGRACION },
    });
    return jobId;
  }
}
