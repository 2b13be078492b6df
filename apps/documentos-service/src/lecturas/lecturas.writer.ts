import { isIP } from 'node:net';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { RecursoLeido, RecursosLeidos } from '@mesa/shared/contracts';
import { counter, histogram } from '@mesa/shared/metrics';
import { LecturaPendiente, LecturasRepository } from './lecturas.repository';

/** A batch leaves when it holds this many reads, or this long after its first one arrived. */
const MAX_LOTE = 100;
const ESPERA_MS = 5;

const lecturasEscritas = counter('documentos_lecturas_escritas_total', 'Document reads written to the audit table', [
  'result',
]);
const tamanoLote = histogram('documentos_lecturas_lote_filas', 'Reads per batch insert', [], [1, 5, 10, 25, 50, 100]);

interface Espera {
  lectura: LecturaPendiente;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the read events that the bus hands this replica concurrently and writes them with one
 * multi-row INSERT. Each handler's promise settles with its batch: the bus acks an event only
 * after its row is committed, and a failed batch leaves every event of it pending for
 * redelivery (the unique evento_id makes a second insert a no-op).
 */
@Injectable()
export class LecturasWriter implements OnApplicationShutdown {
  private readonly log = new Logger(LecturasWriter.name);
  private lote: Espera[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly repo: LecturasRepository) {}

  registrar(lectura: LecturaPendiente): Promise<void> {
    // One malformed event must not fail, and so stall, every batch it would join: it is dropped.
    if (!valida(lectura)) {
      lecturasEscritas.inc({ result: 'invalid' });
      this.log.warn('Dropped a malformed documento.leido event');
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.lote.push({ lectura, resolve, reject });
      if (this.lote.length >= MAX_LOTE) void this.vaciar();
      else this.timer ??= setTimeout(() => void this.vaciar(), ESPERA_MS);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.vaciar();
  }

  private async vaciar(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lote = this.lote;
    this.lote = [];
    if (!lote.length) return;
    tamanoLote.observe(lote.length);
    try {
      const nuevas = await this.repo.insertarLote(lote.map((e) => e.lectura));
      lecturasEscritas.inc({ result: 'inserted' }, nuevas);
      if (nuevas < lote.length) lecturasEscritas.inc({ result: 'duplicate' }, lote.length - nuevas);
      for (const e of lote) e.resolve();
    } catch (err) {
      lecturasEscritas.inc({ result: 'error' }, lote.length);
      this.log.warn(`Batch of ${lote.length} reads not written, left for redelivery: ${(err as Error).message}`);
      for (const e of lote) e.reject(err);
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (v: unknown) => typeof v === 'string' && UUID.test(v);

function valida(l: LecturaPendiente): boolean {
  return (
    uuid(l.eventoId) &&
    uuid(l.documentoId) &&
    uuid(l.usuarioId) &&
    RecursosLeidos.includes(l.recurso as RecursoLeido) &&
    (l.archivoId === null || uuid(l.archivoId)) &&
    (l.ip === null || (typeof l.ip === 'string' && isIP(l.ip) !== 0)) &&
    typeof l.leidoEn === 'string' &&
    !Number.isNaN(Date.parse(l.leidoEn))
  );
}
