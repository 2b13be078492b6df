import { createHash } from 'node:crypto';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { fromBuffer } from 'file-type';
import { APP_CONFIG, BusClient } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { ArchivosPatterns, MarcarProcesadoReply, MarcarProcesadoRequest, ProcesarArchivoAdjuntoJob, Queues, Services } from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';
import { Storage, StorageNotFound } from '@mesa/shared/storage';
import { Ejecucion } from '../jobs/ejecucion-abortable';
import { ProcesadorBase } from '../jobs/procesador.base';
import { contarPaginasPdf, PdfFueraDeLimites } from './paginas-pdf';

/**
 * What the content says the file is: hash, type and, for PDFs, pages. The count stops with
 * `signal` (the job's time limit); a PDF past the counter's limits (a decompression bomb) is
 * recorded without pages, and `alRechazar` hears why.
 */
async function analizarArchivo(
  bytes: Buffer,
  signal?: AbortSignal,
  alRechazar: (err: PdfFueraDeLimites) => void = () => undefined,
): Promise<Omit<MarcarProcesadoRequest, 'archivoId'>> {
  const tipo = await fromBuffer(bytes);
  const tipoMime = tipo?.mime ?? 'application/octet-stream';
  let paginas: number | null = null;
  if (tipoMime === 'application/pdf') {
    try {
      paginas = await contarPaginasPdf(bytes, { signal });
    } catch (err) {
      if (!(err instanceof PdfFueraDeLimites)) throw err;
      alRechazar(err);
    }
  }
  return { hash: createHash('sha256').update(bytes).digest('hex'), tipoMime, paginas };
}

/** What the job found and what documentos answered. */
export type ResultadoArchivo = MarcarProcesadoRequest & Pick<MarcarProcesadoReply, 'resultado'>;

/**
 * procesar_archivo_adjunto: reads the stored bytes, recomputes their SHA-256, takes the type
 * from the content (not from the name or the browser's word) and counts a PDF's pages; then
 * documentos-service marks the attachment processed. That call is idempotent, so a redelivered
 * job has one effect (an attachment deleted meanwhile answers ELIMINADO). A file missing from
 * Storage, or a refusal by documentos, fails without retry.
 */
@Processor(Queues.PROCESAR_ARCHIVO_ADJUNTO, { autorun: false })
export class ProcesarArchivoProcessor extends ProcesadorBase<ProcesarArchivoAdjuntoJob, ResultadoArchivo> {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly storage: Storage,
    private readonly bus: BusClient,
  ) {
    super(config);
  }

  protected async ejecutar(job: Job<ProcesarArchivoAdjuntoJob>, e: Ejecucion): Promise<ResultadoArchivo> {
    const bytes = await this.leer(job.data.storageKey, e);
    await e.checkpoint();
    const analisis = await analizarArchivo(bytes, e.signal, (err) => this.log.warn(`attachment ${job.data.archivoId}: pages not counted (${err.message})`));
    const marca: MarcarProcesadoRequest = { archivoId: job.data.archivoId, ...analisis };
    await e.checkpoint();
    try {
      const r = await this.bus.send<MarcarProcesadoReply>(Services.DOCUMENTOS, ArchivosPatterns.MARCAR_PROCESADO, marca);
      return { ...marca, resultado: r.resultado };
    } catch (err) {
      // A refusal (the bytes differ from those recorded at upload, say) will not change on retry.
      if (err instanceof DomainException && err.status < 500) throw new UnrecoverableError(`documentos rechazó la marca (${err.code})`);
      throw err;
    }
  }

  /** The whole file (uploads are capped by MAX_UPLOAD_BYTES); reading stops with the job's signal. */
  private async leer(clave: string, e: Ejecucion): Promise<Buffer> {
    let stream;
    try {
      stream = await this.storage.get(clave);
    } catch (err) {
      if (err instanceof StorageNotFound) throw new UnrecoverableError('el archivo no está en el almacenamiento');
      throw err;
    }
    const partes: Buffer[] = [];
    let tamano = 0;
    const abortar = () => stream.destroy(e.motivo());
    e.signal.addEventListener('abort', abortar, { once: true });
    try {
      for await (const parte of stream as AsyncIterable<Buffer>) {
        tamano += parte.length;
        if (tamano > this.config.MAX_UPLOAD_BYTES) throw new UnrecoverableError('el archivo supera el tamaño máximo de carga');
        partes.push(parte);
      }
    } finally {
      e.signal.removeEventListener('abort', abortar);
    }
    return Buffer.concat(partes);
  }
}
