import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Documento } from '@mesa/db-entities';
import { assertPuedeVerArea, puedeModificar } from '@mesa/shared/auth';
import { writeOutbox } from '@mesa/shared/bus';
import { CacheService } from '@mesa/shared/cache';
import {
  AccionesAuditoria,
  Actor,
  DEFAULT_PAGE_SIZE,
  CAMPOS_EDITABLES,
  DocumentosErrors,
  DocumentosTramiteErrors,
  DocumentoTramiteDto,
  EditarDocumentoInput,
  EstadoDocumento,
  Events,
  HistorialPage,
  MAX_PAGE_SIZE,
} from '@mesa/shared/contracts';
import {
  assertTransicionDocumento,
  CursorErrors,
  decodeCursor,
  DocumentoEstadoErrors,
  encodeCursor,
  estadoTrasSubsanar,
} from '@mesa/shared/domain';
import { badRequest, conflict, DomainException, forbidden, notFound } from '@mesa/shared/errors';
import { PlazosService } from '../catalogos/plazos.service';
import { DocumentosService } from '../documentos/documentos.service';
import { documentoActualizado } from './documento-actualizado';
import { camelizar, diferencia, toDocumentoTramiteDto } from './documento-snapshot';
import { invalidarDocumentos } from './invalidacion';
import { TramiteRepository } from './tramite.repository';

interface Decision {
  accion: string;
  cambios: QueryDeepPartialEntity<Documento>;
  /** What the audit row's "después" carries beyond the changed fields (e.g. the observations). */
  detalle?: Record<string, unknown>;
}

const EDITABLES: readonly (keyof EditarDocumentoInput & keyof Documento)[] = CAMPOS_EDITABLES;

const CURSOR_FECHA = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * Changes to a document after registration: edits of what the desk may correct, and the state
 * actions (observe, correct, archive). Each one locks the row, checks the rules, writes the
 * change, its audit row and its event in one transaction, then invalidates the caches it stales.
 */
@Injectable()
export class TramiteService {
  constructor(
    private readonly repo: TramiteRepository,
    private readonly cache: CacheService,
    private readonly calendario: PlazosService,
    private readonly documentos: DocumentosService,
  ) {}

  editar(actor: Actor, id: string, input: EditarDocumentoInput, versionEsperada?: number): Promise<DocumentoTramiteDto> {
    const pedidos = EDITABLES.filter((campo) => input[campo] !== undefined);
    if (pedidos.length === 0) throw badRequest(DocumentosTramiteErrors.SIN_CAMBIOS, 'No se indicó ningún campo a modificar');
    if (input.expedienteRelacionadoId === id) {
      throw badRequest(DocumentosTramiteErrors.EXPEDIENTE_RELACIONADO_INVALIDO, 'Un expediente no puede relacionarse consigo mismo', [
        { field: 'expedienteRelacionadoId', message: 'es el mismo documento' },
      ]);
    }
    return this.cambiar(actor, id, versionEsperada, 'documentos.edit', async (doc, m) => {
      if (doc.estado === EstadoDocumento.ARCHIVADO || doc.estado === EstadoDocumento.NO_PRESENTADO) {
        throw conflict(
          doc.estado === EstadoDocumento.ARCHIVADO ? DocumentoEstadoErrors.DOCUMENTO_ARCHIVADO : DocumentoEstadoErrors.DOCUMENTO_NO_PRESENTADO,
          `El documento está ${doc.estado}: ya no admite cambios.`,
        );
      }
      const cambios: Record<string, unknown> = {};
      for (const campo of pedidos) {
        if (JSON.stringify(doc[campo]) !== JSON.stringify(input[campo])) cambios[campo] = input[campo];
      }
      if (cambios.expedienteRelacionadoId && !(await this.repo.existe(m, input.expedienteRelacionadoId as string))) {
        throw badRequest(DocumentosTramiteErrors.EXPEDIENTE_RELACIONADO_INVALIDO, 'El expediente relacionado no existe', [
          { field: 'expedienteRelacionadoId', message: 'no existe' },
        ]);
      }
      return { accion: AccionesAuditoria.EDICION, cambios };
    });
  }

  /** Records every observation at once; the term stops and the sender gets 2 business days. */
  async observar(actor: Actor, id: string, observaciones: string[], versionEsperada?: number): Promise<DocumentoTramiteDto> {
    const plazos = await this.calendario.plazos();
    return this.cambiar(actor, id, versionEsperada, 'documentos.observe', async (doc) => {
      assertTransicionDocumento(doc.estado, EstadoDocumento.OBSERVADO);
      const ahora = new Date();
      return {
        accion: AccionesAuditoria.OBSERVACION,
        cambios: {
          estado: EstadoDocumento.OBSERVADO,
          estadoPrevio: doc.estado,
          plazoPausadoDesde: ahora,
          fechaLimiteSubsanacion: plazos.vencimientoSubsanacion(ahora),
          observaciones: observaciones.map((o, i) => `${i + 1}. ${o}`).join('\n'),
        },
        detalle: { observacionesSubsanacion: observaciones },
      };
    });
  }

  /** Back to the state it was observed in; the deadline moves by the business days it was paused. */
  async subsanar(actor: Actor, id: string, versionEsperada?: number): Promise<DocumentoTramiteDto> {
    const plazos = await this.calendario.plazos();
    return this.cambiar(actor, id, versionEsperada, 'documentos.correct', async (doc) => {
      const estado = estadoTrasSubsanar(doc.estado, doc.estadoPrevio as EstadoDocumento);
      const ahora = new Date();
      if (doc.fechaLimiteSubsanacion && ahora > doc.fechaLimiteSubsanacion) {
        throw conflict(
          DocumentosTramiteErrors.SUBSANACION_VENCIDA,
          'Venció el plazo para subsanar: el documento se tiene por no presentado.',
        );
      }
      const dias = Math.max(0, plazos.diasHabilesEntre(doc.plazoPausadoDesde ?? ahora, ahora));
      return {
        accion: AccionesAuditoria.SUBSANACION,
        cambios: {
          estado,
          estadoPrevio: null,
          plazoPausadoDesde: null,
          fechaLimiteSubsanacion: null,
          diasPausados: doc.diasPausados + dias,
          fechaLimite: doc.fechaLimite ? plazos.extenderPorPausa(doc.fechaLimite, dias) : null,
        },
        detalle: { diasHabilesPausa: dias },
      };
    });
  }

  archivar(actor: Actor, id: string, versionEsperada?: number): Promise<DocumentoTramiteDto> {
    return this.cambiar(actor, id, versionEsperada, 'documentos.archive', async (doc) => {
      assertTransicionDocumento(doc.estado, EstadoDocumento.ARCHIVADO);
      return { accion: AccionesAuditoria.ARCHIVO, cambios: { estado: EstadoDocumento.ARCHIVADO } };
    });
  }

  async historial(actor: Actor, id: string, limit?: number, cursor?: string): Promise<HistorialPage> {
    // Same visibility as the document itself: an office sees the history of what it holds.
    await this.documentos.obtener(actor, id);
    const lim = Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    let after: { createdAt: string; id: string } | undefined;
    if (cursor) {
      const [createdAt, auditId] = decodeCursor(cursor, ['string', 'string']);
      if (!CURSOR_FECHA.test(createdAt) || !/^\d{1,19}$/.test(auditId)) {
        throw badRequest(CursorErrors.CURSOR_INVALIDO, 'Cursor de paginación inválido o alterado.');
      }
      after = { createdAt, id: auditId };
    }
    const rows = await this.repo.historial(id, lim, after);
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => ({
        id: r.id,
        accion: r.accion,
        usuarioId: r.usuario_id,
        ip: r.ip,
        antes: camelizar(r.antes),
        despues: camelizar(r.despues),
        fecha: r.created_at.toISOString(),
      })),
      nextCursor: rows.length === lim && last ? encodeCursor([last.created_key, last.id]) : null,
    };
  }

  private async cambiar(
    actor: Actor,
    id: string,
    versionEsperada: number | undefined,
    operacion: string,
    decidir: (doc: Documento, m: EntityManager) => Promise<Decision>,
  ): Promise<DocumentoTramiteDto> {
    if (!puedeModificar(actor)) throw forbidden('ROL_NO_PERMITIDO', 'Su rol solo puede consultar documentos');
    let cambiado = false;
    const resultado = await this.repo.transaccion(operacion, async (m) => {
      const doc = await this.repo.bloquear(m, id);
      if (!doc) throw notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado');
      assertPuedeVerArea(actor, doc.areaActualId, DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento');
      if (versionEsperada !== undefined && doc.version !== versionEsperada) {
        throw new DomainException(
          DocumentosTramiteErrors.VERSION_DESACTUALIZADA,
          412,
          `El documento cambió desde que se leyó (versión ${doc.version}, If-Match ${versionEsperada}).`,
        );
      }
      const antes = toDocumentoTramiteDto(doc);
      const decision = await decidir(doc, m);
      // Setting what is already there writes nothing: no new version, no audit row.
      if (Object.keys(decision.cambios).length === 0) return antes;
      const despues = toDocumentoTramiteDto(await this.repo.actualizar(m, id, decision.cambios));
      const dif = diferencia(antes, despues);
      await this.repo.auditar(m, {
        documentoId: id,
        accion: decision.accion,
        usuarioId: actor.userId,
        ip: actor.ip ?? null,
        antes: dif.antes,
        despues: { ...dif.despues, ...decision.detalle },
      });
      await writeOutbox(m, 'documentos', [{ pattern: Events.DOCUMENTO_ACTUALIZADO, data: documentoActualizado(despues) }]);
      cambiado = true;
      return despues;
    });
    if (cambiado) await invalidarDocumentos(this.cache, [id]);
    return resultado;
  }
}
