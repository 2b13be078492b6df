import { Injectable, Logger } from '@nestjs/common';
import { Documento } from '@mesa/db-entities';
import { assertPuedeVerArea, puedeModificar } from '@mesa/shared/auth';
import { writeOutbox } from '@mesa/shared/bus';
import { CacheService } from '@mesa/shared/cache';
import {
  AccionesAuditoria,
  Actor,
  ArchivoDto,
  ArchivoRegistradoEvent,
  ArchivosErrors,
  ArchivosPage,
  ArchivoUbicado,
  DEFAULT_PAGE_SIZE,
  DOCUMENTO_FIRMAS_CACHE,
  DocumentosErrors,
  EstadoDocumento,
  Events,
  MarcarProcesadoReply,
  MarcarProcesadoRequest,
  MAX_PAGE_SIZE,
  RegistrarArchivoRequest,
  ResumenFirmas,
} from '@mesa/shared/contracts';
import { unaVez } from '@mesa/shared/database';
import { CursorErrors, decodeCursor, DocumentoEstadoErrors, encodeCursor } from '@mesa/shared/domain';
import { badRequest, conflict, forbidden, notFound } from '@mesa/shared/errors';
import { DocumentosService } from '../documentos/documentos.service';
import { documentoActualizado } from '../tramite/documento-actualizado';
import { toDocumentoTramiteDto } from '../tramite/documento-snapshot';
import { invalidarDocumentos } from '../tramite/invalidacion';
import { TramiteRepository } from '../tramite/tramite.repository';
import { ArchivosRepository, FilaArchivo } from './archivos.repository';

const CURSOR_FECHA = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Attachments of a document. The gateway stores the bytes first; this records the row, its audit
 * entry and `archivo.registrado` in one transaction with the document row locked, so a refused
 * attachment (unknown or foreign document, closed case) leaves no row, and the gateway then
 * removes the bytes. Same office scoping as the document itself.
 */
@Injectable()
export class ArchivosService {
  private readonly log = new Logger(ArchivosService.name);

  constructor(
    private readonly repo: ArchivosRepository,
    private readonly tramite: TramiteRepository,
    private readonly documentos: DocumentosService,
    private readonly cache: CacheService,
  ) {}

  /**
   * The checks of `registrar` on the cached document, before any byte is stored: a refused
   * upload costs no write. `registrar` checks again under the row lock.
   */
  async puedeAdjuntar(actor: Actor, documentoId: string): Promise<{ documentoId: string }> {
    this.assertPuedeModificar(actor);
    const doc = await this.documentos.obtener(actor, documentoId);
    assertAdmiteAnexos(doc.estado);
    return { documentoId };
  }

  async registrar({ actor, documentoId, archivo, idempotencia }: RegistrarArchivoRequest): Promise<ArchivoDto> {
    this.assertPuedeModificar(actor);
    if (!UUID.test(archivo.id) || archivo.storageKey !== `archivos/${documentoId}/${archivo.id}`) {
      throw badRequest(ArchivosErrors.ARCHIVO_INVALIDO, 'Identificador o clave de almacenamiento inválidos');
    }
    let anexosMarcados = false;
    const dto = await this.tramite.transaccion('documentos.archivo_registrar', (m) =>
      unaVez(m, 'documentos', actor.userId, idempotencia, async () => {
        const doc = await this.documentoAbierto(m, actor, documentoId);
        const creado = await this.repo.insertar(m, { ...archivo, documentoId, usuarioId: actor.userId });
        const eventos: { pattern: string; data: unknown }[] = [
          {
            pattern: Events.ARCHIVO_REGISTRADO,
            data: {
              archivoId: creado.id,
              documentoId,
              storageKey: creado.storage_key,
            } satisfies ArchivoRegistradoEvent,
          },
        ];
        if (!doc.tieneAnexos) {
          const actualizado = toDocumentoTramiteDto(
            await this.tramite.actualizar(m, documentoId, { tieneAnexos: true }),
          );
          anexosMarcados = true;
          eventos.push({ pattern: Events.DOCUMENTO_ACTUALIZADO, data: documentoActualizado(actualizado) });
        }
        await this.tramite.auditar(m, {
          documentoId,
          accion: AccionesAuditoria.ARCHIVO_ADJUNTADO,
          usuarioId: actor.userId,
          ip: actor.ip ?? null,
          antes: anexosMarcados ? { tieneAnexos: false } : null,
          despues: { ...(anexosMarcados ? { tieneAnexos: true } : {}), archivo: resumen(creado) },
        });
        await writeOutbox(m, 'documentos', eventos);
        return toArchivoDto(creado);
      }),
    );
    // tiene_anexos shows in the detail and in lists; the attachment list itself is not cached.
    if (anexosMarcados) await invalidarDocumentos(this.cache, [documentoId]);
    await this.cache.delete(DOCUMENTO_FIRMAS_CACHE, documentoId);
    return dto;
  }

  async listar(actor: Actor, documentoId: string, limit?: number, cursor?: string): Promise<ArchivosPage> {
    await this.documentos.obtener(actor, documentoId);
    const lim = Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    let after: { createdAt: string; id: string } | undefined;
    if (cursor) {
      const [createdAt, id] = decodeCursor(cursor, ['string', 'string']);
      if (!CURSOR_FECHA.test(createdAt) || !UUID.test(id)) {
        throw badRequest(CursorErrors.CURSOR_INVALIDO, 'Cursor de paginación inválido o alterado.');
      }
      after = { createdAt, id };
    }
    const rows = await this.repo.listar(documentoId, lim, after);
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toArchivoDto),
      nextCursor: rows.length === lim && last ? encodeCursor([last.created_key, last.id]) : null,
    };
  }

  async obtener(actor: Actor, documentoId: string, archivoId: string): Promise<ArchivoUbicado> {
    await this.documentos.obtener(actor, documentoId);
    const fila = await this.repo.deDocumento(documentoId, archivoId);
    if (!fila) throw archivoNoEncontrado();
    return { archivo: toArchivoDto(fila), storageKey: fila.storage_key };
  }

  /** Removes the row (audited); the caller deletes the bytes afterwards. */
  async eliminar(actor: Actor, documentoId: string, archivoId: string): Promise<ArchivoUbicado> {
    this.assertPuedeModificar(actor);
    const ubicado = await this.tramite.transaccion('documentos.archivo_eliminar', async (m) => {
      await this.documentoAbierto(m, actor, documentoId);
      const fila = await this.repo.deDocumento(documentoId, archivoId, m);
      if (!fila) throw archivoNoEncontrado();
      await this.repo.eliminar(m, archivoId);
      await this.tramite.auditar(m, {
        documentoId,
        accion: AccionesAuditoria.ARCHIVO_ELIMINADO,
        usuarioId: actor.userId,
        ip: actor.ip ?? null,
        antes: { archivo: resumen(fila) },
        despues: null,
      });
      return { archivo: toArchivoDto(fila), storageKey: fila.storage_key };
    });
    await this.cache.delete(DOCUMENTO_FIRMAS_CACHE, documentoId);
    return ubicado;
  }

  /** At least once from the processing job: only the first call changes the row. */
  async marcarProcesado(req: MarcarProcesadoRequest): Promise<MarcarProcesadoReply> {
    const hash = await this.repo.hash(req.archivoId);
    if (hash === null) return { archivoId: req.archivoId, resultado: 'ELIMINADO' };
    if (hash !== req.hash.toLowerCase()) {
      this.log.error(`Attachment ${req.archivoId}: stored bytes do not match the SHA-256 recorded at upload`);
      throw conflict(
        ArchivosErrors.ARCHIVO_INTEGRIDAD,
        'El contenido almacenado no coincide con el registrado al adjuntarlo.',
      );
    }
    const documentoId = await this.repo.marcarProcesado(req.archivoId, req.paginas, req.firmas ?? null);
    if (documentoId) await this.cache.delete(DOCUMENTO_FIRMAS_CACHE, documentoId);
    return { archivoId: req.archivoId, resultado: documentoId ? 'PROCESADO' : 'YA_PROCESADO' };
  }

  /**
   * The signatures of a document's attachments, for its detail; cached apart from the document
   * (the processing job changes them, not the document), and dropped by every change of its
   * attachments: registered, deleted, or marked processed.
   */
  resumenFirmas(documentoId: string): Promise<ResumenFirmas> {
    return this.cache.getOrLoad(DOCUMENTO_FIRMAS_CACHE, documentoId, 'detail', async () => {
      const r = await this.repo.resumenFirmas(documentoId);
      return { ...r, todasValidas: r.total > 0 && r.validas === r.total && r.pendientes === 0 };
    });
  }

  private assertPuedeModificar(actor: Actor): void {
    if (!puedeModificar(actor)) throw forbidden('ROL_NO_PERMITIDO', 'Su rol solo puede consultar documentos');
  }

  /** The document, row-locked, visible to the actor and still open to changes. */
  private async documentoAbierto(
    m: Parameters<TramiteRepository['bloquear']>[0],
    actor: Actor,
    documentoId: string,
  ): Promise<Documento> {
    const doc = await this.tramite.bloquear(m, documentoId);
    if (!doc) throw notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado');
    assertPuedeVerArea(actor, doc.areaActualId, DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento');
    assertAdmiteAnexos(doc.estado);
    return doc;
  }
}

/** An archived or not-presented case takes no attachment changes. */
function assertAdmiteAnexos(estado: EstadoDocumento): void {
  if (estado === EstadoDocumento.ARCHIVADO || estado === EstadoDocumento.NO_PRESENTADO) {
    throw conflict(
      estado === EstadoDocumento.ARCHIVADO ? DocumentoEstadoErrors.DOCUMENTO_ARCHIVADO : DocumentoEstadoErrors.DOCUMENTO_NO_PRESENTADO,
      `El documento está ${estado}: ya no admite cambios en sus anexos.`,
    );
  }
}

const archivoNoEncontrado = () => notFound(ArchivosErrors.ARCHIVO_NOT_FOUND, 'Archivo no encontrado');

/** What the history shows of an attachment (never its storage key). */
const resumen = (f: FilaArchivo) => ({
  id: f.id,
  nombre: f.nombre,
  tipoMime: f.tipo_mime,
  tamano: Number(f.tamano),
  hash: f.hash,
});

function toArchivoDto(f: FilaArchivo): ArchivoDto {
  return {
    id: f.id,
    documentoId: f.documento_id,
    nombre: f.nombre,
    tipoMime: f.tipo_mime,
    tamano: Number(f.tamano),
    hash: f.hash,
    esPrincipal: f.es_principal,
    procesado: f.procesado,
    paginas: f.paginas,
    firmas: f.firmas,
    usuarioId: f.usuario_id,
    createdAt: f.created_at.toISOString(),
  };
}
