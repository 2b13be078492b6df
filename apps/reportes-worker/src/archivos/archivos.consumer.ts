import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Queue } from 'bullmq';
import { ArchivoRegistradoEvent, Events, ProcesarArchivoAdjuntoJob, Queues } from '@mesa/shared/contracts';

/**
 * `archivo.registrado` → a procesar_archivo_adjunto job. The job id is the attachment id, so a
 * redelivered event adds nothing while the job is kept (and the job itself is idempotent after
 * that): the queue is the deduplication here, no processed-events row is needed.
 */
@Controller()
export class ArchivosConsumer {
  constructor(@InjectQueue(Queues.PROCESAR_ARCHIVO_ADJUNTO) private readonly cola: Queue<ProcesarArchivoAdjuntoJob>) {}

  @EventPattern(Events.ARCHIVO_REGISTRADO)
  async registrado(@Payload() e: ArchivoRegistradoEvent): Promise<void> {
    await this.cola.add('procesar', { archivoId: e.archivoId, documentoId: e.documentoId, storageKey: e.storageKey }, { jobId: e.archivoId });
  }
}
