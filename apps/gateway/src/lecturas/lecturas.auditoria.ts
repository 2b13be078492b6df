import { Injectable } from '@nestjs/common';
import { BusClient } from '@mesa/shared/app';
import { Actor, DocumentoLeidoEvent, LecturasEvents, RecursoLeido, Services } from '@mesa/shared/contracts';
import { counter } from '@mesa/shared/metrics';

const lecturas = counter(
  'gateway_lecturas_auditadas_total',
  'Reads of documents appended to the audit stream, by result',
  ['result'],
);

/**
 * Every read of a document by a person goes to the audit log (Ley 29733) without slowing the
 * read: one XADD to the `documento.leido` stream, not awaited. A failure is counted and never
 * fails the read; documentos-service writes the events to PostgreSQL in batches.
 */
@Injectable()
export class LecturasAuditoria {
  constructor(private readonly bus: BusClient) {}

  registrar(actor: Actor, documentoId: string, recurso: RecursoLeido, archivoId: string | null = null): void {
    const evento: DocumentoLeidoEvent = {
      documentoId,
      usuarioId: actor.userId,
      recurso,
      archivoId,
      ip: actor.ip ?? null,
      leidoEn: new Date().toISOString(),
    };
    try {
      this.bus.emit(Services.DOCUMENTOS, LecturasEvents.DOCUMENTO_LEIDO, evento).then(
        () => lecturas.inc({ result: 'appended' }),
        () => lecturas.inc({ result: 'failed' }),
      );
    } catch {
      lecturas.inc({ result: 'failed' });
    }
  }
}
