import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Documento } from '@mesa/db-entities';
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
import { timedDb } from '@mesa/shared/database';
import { decodeCursor, encodeCursor } from '@mesa/shared/domain';
import { toDocumentoDto } from '../documentos/documento.mapper';
import { DocumentosRepository } from '../documentos/documentos.repository';
import { DocumentosService, limite } from '../documentos/documentos.service';

/** Batch intake, reads by many ids, and the pages the gateway streams as CSV. */
@Injectable()
export class LoteService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documentos: DocumentosService,
    private readonly repo: DocumentosRepository,
  ) {}

  async registrar(actor: Actor, inputs: RegistrarDocumentoInput[], clave?: ClaveIdempotencia): Promise<RegistrarLoteReply> {
    const documentos = await this.documentos.registrarVarios(actor, inputs, (i, field) => `documentos.${i}.${field}`, clave);
    return { documentos };
  }

  /** The documents the caller may see among `ids`, in the order asked; unknown or hidden ids are absent. */
  async porIds(actor: Actor, ids: string[]): Promise<PorIdsReply> {
    const rows = await timedDb('documentos.get_by_ids', () =>
      this.db.getRepository(Documento).createQueryBuilder('d').where('d.id = ANY(:ids::uuid[])', { ids }).getMany(),
    );
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
    const rows = await timedDb('documentos.export_page', () =>
      this.repo
        .listarQuery({
          estado: f.estado,
          prioridad: f.prioridad,
          tipoDocumentoId: f.tipoDocumentoId,
          areaActualId,
          fechaDesde: f.fechaDesde ? limite(f.fechaDesde, 'desde') : undefined,
          fechaHasta: f.fechaHasta ? limite(f.fechaHasta, 'hasta') : undefined,
          limit: EXPORT_PAGE_SIZE,
          after: after ? { fechaRecepcion: after[0] as Date, id: after[1] as string } : undefined,
        })
        .getMany(),
    );
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toDocumentoDto),
      nextCursor: rows.length === EXPORT_PAGE_SIZE && last ? encodeCursor([last.fechaRecepcion, last.id]) : null,
    };
  }
}
