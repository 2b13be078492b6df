import { Injectable } from '@nestjs/common';
import { areaDeLista, puedeVerArea } from '@mesa/shared/auth';
import {
  Actor,
  ClaveIdempotencia,
  EXPORT_PAGE_SIZE,
  ExportarFiltros,
  ExportarPaginaReply,
  PorIdsReply,
  RegistrarDocumentoInput,
  RegistrarLoteReply,
} from '@mesa/shared/contracts';
import { decodeCursor, encodeCursor } from '@mesa/shared/domain';
import { toDocumentoDto } from '../documentos/documento.mapper';
import { DocumentosRepository } from '../documentos/documentos.repository';
import { consultaDeLista, DocumentosService } from '../documentos/documentos.service';

/** Batch intake, reads by many ids, and the pages the gateway streams as CSV. */
@Injectable()
export class LoteService {
  constructor(
    private readonly documentos: DocumentosService,
    private readonly repo: DocumentosRepository,
  ) {}

  async registrar(
    actor: Actor,
    inputs: RegistrarDocumentoInput[],
    clave?: ClaveIdempotencia,
  ): Promise<RegistrarLoteReply> {
    const documentos = await this.documentos.registrarVarios(
      actor,
      inputs,
      (i, field) => `documentos.${i}.${field}`,
      clave,
    );
    return { documentos };
  }

  /** The documents the caller may see among `ids`, in the order asked; unknown or hidden ids are absent. */
  async porIds(actor: Actor, ids: string[]): Promise<PorIdsReply> {
    const rows = await this.repo.porIds(ids);
    const porId = new Map(rows.filter((d) => puedeVerArea(actor, d.areaActualId)).map((d) => [d.id, d]));
    const documentos = [...new Set(ids)].flatMap((id) => {
      const d = porId.get(id);
      return d ? [toDocumentoDto(d)] : [];
    });
    return { documentos };
  }

  /**
   * One keyset page of the export: the list's query and indexes with a bigger page and no cache
   * (an export reads each page once). An AREA user's filter is forced to its own office.
   */
  async exportarPagina(actor: Actor, f: ExportarFiltros): Promise<ExportarPaginaReply> {
    const areaActualId = areaDeLista(actor, f.areaActualId);
    if (areaActualId === false) return { items: [], nextCursor: null };
    const after = f.cursor ? decodeCursor(f.cursor, ['date', 'string']) : undefined;
    const rows = await this.repo.exportar({
      ...consultaDeLista(f, areaActualId, EXPORT_PAGE_SIZE),
      after: after ? { fechaRecepcion: after[0] as Date, id: after[1] as string } : undefined,
    });
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toDocumentoDto),
      nextCursor: rows.length === EXPORT_PAGE_SIZE && last ? encodeCursor([last.fechaRecepcion, last.id]) : null,
    };
  }
}
