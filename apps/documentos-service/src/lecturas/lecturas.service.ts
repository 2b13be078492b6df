import { Injectable } from '@nestjs/common';
import { Actor, DEFAULT_PAGE_SIZE, LecturasPage, MAX_PAGE_SIZE, RecursoLeido, Rol } from '@mesa/shared/contracts';
import { CursorErrors, decodeCursor, encodeCursor } from '@mesa/shared/domain';
import { badRequest, forbidden } from '@mesa/shared/errors';
import { DocumentosService } from '../documentos/documentos.service';
import { LecturasRepository } from './lecturas.repository';

const CURSOR_FECHA = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** Who read a document: for those who audit access (ADMIN, AUDITOR). */
@Injectable()
export class LecturasService {
  constructor(
    private readonly repo: LecturasRepository,
    private readonly documentos: DocumentosService,
  ) {}

  async listar(actor: Actor, documentoId: string, limit?: number, cursor?: string): Promise<LecturasPage> {
    if (actor.rol !== Rol.ADMIN && actor.rol !== Rol.AUDITOR) {
      throw forbidden('ROL_NO_PERMITIDO', 'Solo la auditoría consulta quién leyó un documento');
    }
    await this.documentos.obtener(actor, documentoId);
    const lim = Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    let before: { leidoEn: string; id: string } | undefined;
    if (cursor) {
      const [leidoEn, id] = decodeCursor(cursor, ['string', 'string']);
      if (!CURSOR_FECHA.test(leidoEn) || !/^\d{1,19}$/.test(id)) {
        throw badRequest(CursorErrors.CURSOR_INVALIDO, 'Cursor de paginación inválido o alterado.');
      }
      before = { leidoEn, id };
    }
    const rows = await this.repo.listar(documentoId, lim, before);
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => ({
        id: r.id,
        usuarioId: r.usuario_id,
        recurso: r.recurso as RecursoLeido,
        archivoId: r.archivo_id,
        ip: r.ip,
        leidoEn: r.leido_en.toISOString(),
      })),
      nextCursor: rows.length === lim && last ? encodeCursor([last.leido_key, last.id]) : null,
    };
  }
}
