import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DocumentoLeidoEvent } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';

export interface LecturaPendiente extends DocumentoLeidoEvent {
  eventoId: string;
}

export interface FilaLectura {
  id: string;
  usuario_id: string;
  recurso: string;
  archivo_id: string | null;
  ip: string | null;
  leido_en: Date;
  /** leido_en as PostgreSQL prints it: microseconds intact, for the cursor. */
  leido_key: string;
}

/** documentos.lectura: written in batches, read by document. */
@Injectable()
export class LecturasRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One statement for the whole batch (arrays unnested into rows). A redelivered event finds its
   * evento_id already there and inserts nothing. Answers how many rows were new.
   */
  async insertarLote(lecturas: LecturaPendiente[]): Promise<number> {
    const rows: unknown[] = await timedDb('documentos.lecturas_insert_batch', () =>
      this.db.query(
        `INSERT INTO documentos.lectura (evento_id, documento_id, usuario_id, recurso, archivo_id, ip, leido_en)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::varchar[], $5::uuid[], $6::inet[], $7::timestamptz[])
         ON CONFLICT (evento_id) DO NOTHING
         RETURNING 1`,
        [
          lecturas.map((l) => l.eventoId),
          lecturas.map((l) => l.documentoId),
          lecturas.map((l) => l.usuarioId),
          lecturas.map((l) => l.recurso),
          lecturas.map((l) => l.archivoId),
          lecturas.map((l) => l.ip),
          lecturas.map((l) => l.leidoEn),
        ],
      ),
    );
    return rows.length;
  }

  listar(documentoId: string, limit: number, before?: { leidoEn: string; id: string }): Promise<FilaLectura[]> {
    const [sql, params] = lecturasPorDocumentoQuery(documentoId, limit, before);
    return timedDb('documentos.lecturas_by_documento', () => this.db.query(sql, params));
  }
}

/** Who read a document, newest first, over idx_lectura_documento_fecha; also EXPLAINed by the plan tests. */
export function lecturasPorDocumentoQuery(
  documentoId: string,
  limit: number,
  before?: { leidoEn: string; id: string },
): [string, unknown[]] {
  const params: unknown[] = [documentoId, limit];
  let keyset = '';
  if (before) {
    params.push(before.leidoEn, before.id);
    keyset = 'AND (leido_en, id) < ($3::timestamptz, $4::bigint)';
  }
  return [
    `SELECT id::text AS id, usuario_id, recurso, archivo_id, host(ip) AS ip, leido_en, leido_en::text AS leido_key
       FROM documentos.lectura
      WHERE documento_id = $1 ${keyset}
      ORDER BY leido_en DESC, id DESC
      LIMIT $2`,
    params,
  ];
}
