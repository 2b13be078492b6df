import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { FirmaArchivo } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';

export interface FilaArchivo {
  id: string;
  documento_id: string;
  nombre: string;
  tipo_mime: string;
  tamano: string;
  hash: string;
  es_principal: boolean;
  procesado: boolean;
  paginas: number | null;
  firmas: FirmaArchivo[] | null;
  usuario_id: string | null;
  storage_key: string;
  created_at: Date;
  /** created_at as PostgreSQL prints it: microseconds intact, for the cursor. */
  created_key: string;
}

export interface NuevoArchivo {
  id: string;
  documentoId: string;
  nombre: string;
  tipoMime: string;
  tamano: number;
  hash: string;
  storageKey: string;
  usuarioId: string;
}

const COLUMNAS = `id, documento_id, nombre, tipo_mime, tamano, hash, es_principal, procesado, paginas, firmas, usuario_id, storage_key,
       created_at, created_at::text AS created_key`;

/** Rows of documentos.archivo_adjunto, each statement timed under its operation. */
@Injectable()
export class ArchivosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The first attachment of a document is its main one. */
  async insertar(m: EntityManager, a: NuevoArchivo): Promise<FilaArchivo> {
    const rows: FilaArchivo[] = await m.query(
      `INSERT INTO documentos.archivo_adjunto (id, documento_id, nombre, tipo_mime, tamano, hash, storage_key, usuario_id, es_principal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
               NOT EXISTS (SELECT 1 FROM documentos.archivo_adjunto WHERE documento_id = $2))
       RETURNING ${COLUMNAS}`,
      [a.id, a.documentoId, a.nombre, a.tipoMime, a.tamano, a.hash, a.storageKey, a.usuarioId],
    );
    return rows[0];
  }

  async deDocumento(documentoId: string, archivoId: string, m?: EntityManager): Promise<FilaArchivo | null> {
    const rows: FilaArchivo[] = await timedDb('documentos.archivo_by_id', () =>
      (m ?? this.db).query(`SELECT ${COLUMNAS} FROM documentos.archivo_adjunto WHERE id = $1 AND documento_id = $2`, [
        archivoId,
        documentoId,
      ]),
    );
    return rows[0] ?? null;
  }

  async eliminar(m: EntityManager, archivoId: string): Promise<void> {
    await m.query('DELETE FROM documentos.archivo_adjunto WHERE id = $1', [archivoId]);
  }

  listar(documentoId: string, limit: number, after?: { createdAt: string; id: string }): Promise<FilaArchivo[]> {
    const [sql, params] = archivosPorDocumentoQuery(documentoId, limit, after);
    return timedDb('documentos.archivos_by_documento', () => this.db.query(sql, params));
  }

  async hash(archivoId: string): Promise<string | null> {
    const rows: { hash: string }[] = await timedDb('documentos.archivo_hash', () =>
      this.db.query('SELECT hash FROM documentos.archivo_adjunto WHERE id = $1', [archivoId]),
    );
    return rows[0]?.hash ?? null;
  }

  async resumenFirmas(documentoId: string): Promise<FilaResumenFirmas> {
    const [sql, params] = resumenFirmasQuery(documentoId);
    const rows: FilaResumenFirmas[] = await timedDb('documentos.archivo_resumen_firmas', () => this.db.query(sql, params));
    return rows[0] ?? { total: 0, validas: 0, pendientes: 0 };
  }

  /** Its document's id when this call marked it; null when it already was (or is gone). */
  async marcarProcesado(archivoId: string, paginas: number | null, firmas: FirmaArchivo[] | null): Promise<string | null> {
    const rows: unknown[] = await timedDb('documentos.archivo_procesado', () =>
      this.db.query(
        'UPDATE documentos.archivo_adjunto SET procesado = true, paginas = $2, firmas = $3::jsonb WHERE id = $1 AND NOT procesado RETURNING documento_id',
        [archivoId, paginas, firmas === null ? null : JSON.stringify(firmas)],
      ),
    );
    // pg answers [rows, count] for UPDATE … RETURNING through TypeORM's query().
    const filas = (Array.isArray(rows[0]) ? rows[0] : rows) as { documento_id: string }[];
    return filas[0]?.documento_id ?? null;
  }
}

/** How many signatures a document's attachments carry, how many are valid, and how many PDFs are not verified yet. */
export interface FilaResumenFirmas {
  total: number;
  validas: number;
  pendientes: number;
}

/**
 * Over idx_archivo_adjunto_documento: a document has few attachments, each with few
 * signatures (the verifier caps them), so this reads a handful of rows.
 */
export function resumenFirmasQuery(documentoId: string): [string, unknown[]] {
  return [
    `SELECT count(f.valor)::int AS total,
            count(f.valor) FILTER (WHERE f.valor->>'resultado' = 'VALIDA')::int AS validas,
            count(*) FILTER (WHERE a.tipo_mime = 'application/pdf' AND a.firmas IS NULL)::int AS pendientes
       FROM documentos.archivo_adjunto a
       LEFT JOIN LATERAL jsonb_array_elements(a.firmas) AS f(valor) ON true
      WHERE a.documento_id = $1`,
    [documentoId],
  ];
}

/** A document's attachments, oldest first, over idx_archivo_adjunto_documento; also EXPLAINed by the plan tests. */
export function archivosPorDocumentoQuery(
  documentoId: string,
  limit: number,
  after?: { createdAt: string; id: string },
): [string, unknown[]] {
  const params: unknown[] = [documentoId, limit];
  let keyset = '';
  if (after) {
    params.push(after.createdAt, after.id);
    keyset = 'AND (created_at, id) > ($3::timestamptz, $4::uuid)';
  }
  return [
    `SELECT ${COLUMNAS}
       FROM documentos.archivo_adjunto
      WHERE documento_id = $1 ${keyset}
      ORDER BY created_at, id
      LIMIT $2`,
    params,
  ];
}
