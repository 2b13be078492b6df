import { createHash } from 'node:crypto';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { fromBuffer } from 'file-type';
import { APP_CONFIG, BusClient } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import {
  ArchivosPatterns,
  FirmaArchivo,
  MarcarProcesadoReply,
  MarcarProcesadoRequest,
  ProcesarArchivoAdjuntoJob,
  Queues,
  Services,
} from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';
import { AlmacenConfianza, FirmasFueraDeLimites, verificarFirmasPdf } from '@mesa/shared/firma';
import { Storage, StorageNotFound } from '@mesa/shared/storage';
import { Ejecucion } from '../jobs/ejecucion-abortable';
import { ProcesadorBase } from '../jobs/procesador.base';
import { contarPaginasPdf, PdfFueraDeLimites } from './paginas-pdf';

/** The trust store of signature verification (FIRMA_CONFIANZA, FIRMA_CRL), read once at start. */
export const ALMACEN_FIRMAS = Symbol('ALMACEN_FIRMAS');

/** The PDF refused by one of the readers' limits (a decompression bomb, too many signatures…). */
type PdfRechazado = PdfFueraDeLimites | FirmasFueraDeLimites;

/**
 * What the content says the file is: hash, type and, for PDFs, pages and signatures (verified
 * against `almacen`). Both readings stop with `signal` (the job's time limit); a PDF past a
 * reader's limits is recorded without that reading (pages, or signatures: null), and
 * `alRechazar` hears why.
 */
async function analizarArchivo(
  bytes: Buffer,
  almacen: AlmacenConfianza,
  signal?: AbortSignal,
  alRechazar: (err: PdfRechazado) => void = () => undefined,
): Promise<Omit<MarcarProcesadoRequest, 'archivoId'>> {
  const tipo = await fromBuffer(bytes);
  const tipoMime = tipo?.mime ?? 'application/octet-stream';
  let paginas: number | null = null;
  let firmas: FirmaArchivo[] | null = null;
  if (tipoMime === 'application/pdf') {
    try {
      paginas = await contarPaginasPdf(bytes, { signal });
    } catch (err) {
      if (!(err instanceof PdfFueraDeLimites)) throw err;
      alRechazar(err);
    }
    try {
      firmas = await verificarFirmasPdf(bytes, almacen, { signal });
    } catch (err) {
      if (!(err instanceof FirmasFueraDeLimites)) throw err;
      alRechazar(err);
    }
  }
  return { hash: createHash('sha256').update(bytes).digest('hex'), tipoMime, paginas, firmas };
}

/** What the job found and what documentos answered. */
export type ResultadoArchivo = MarcarProcesadoRequest & Pick<MarcarProcesadoReply, 'resultado'>;

/**
 * procesar_archivo_adjunto: reads the stored bytes, recomputes their SHA-256, takes the type
 * from the content (not from the name or the browser's word), counts a PDF's pages and
 * verifies its signatures; then
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
    @Inject(ALMACEN_FIRMAS) private readonly almacen: AlmacenConfianza,
  ) {
    super(config);
  }

  protected async ejecutar(job: Job<ProcesarArchivoAdjuntoJob>, e: Ejecucion): Promise<ResultadoArchivo> {
    const bytes = await this.leer(job.data.storageKey, e);
    await e.checkpoint();
    const analisis = await analizarArchivo(bytes, this.almacen, e.signal, (err) =>
      this.log.warn(`attachment ${job.data.archivoId}: ${err instanceof PdfFueraDeLimites ? 'pages not counted' : 'signatures not verified'} (${err.message})`),
    );
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
