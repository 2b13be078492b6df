import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DOCUMENTOS_SEARCH_CONFIG } from '@mesa/db-entities';
import { timedDb } from '@mesa/shared/database';
import { DocumentoRow } from '../documentos/documentos.repository';
import { Busqueda } from './busqueda';

/** A SQL statement and its parameters: what the service runs and the plan tests EXPLAIN. */
export interface Sentencia {
  sql: string;
  params: unknown[];
}

/** States whose clock runs: the predicate of the partial index idx_documento_vencimiento. */
const ABIERTO = `estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO')`;
const ZONA = 'America/Lima';

export interface BuscarQuery {
  busqueda: Busqueda;
  /** AREA users: only documents currently in this office. */
  areaId?: number;
  limit: number;
  /** Text mode: the last row's (rank, id); case-number mode: the last row's numero_expediente. */
  despuesDe?: { rank: number; id: string } | { numeroExpediente: string };
}

export interface EstadisticasQuery {
  desde: Date;
  hasta: Date;
  porVencerHasta: Date;
  areaId?: number;
}

export interface VencidosQuery {
  /** Deadlines up to this instant: overdue ones and those due soon. */
  hasta: Date;
  areaId?: number;
  limit: number;
  /** fechaLimiteUs: microseconds since the epoch, as text (a Date would drop the microseconds). */
  despuesDe?: { fechaLimiteUs: string; id: string };
}

/** A row of the overdue tray: the document and its deadline in exact microseconds, for the cursor. */
export type VencidoRow = DocumentoRow & { fecha_limite: Date; fecha_limite_us: string };

/** One row of the statistics aggregate (see estadisticas). */
export interface EstadisticaRow {
  grupo: 'estado' | 'prioridad' | 'area' | 'tipo' | 'dia' | 'total';
  clave: string | null;
  total: number;
  vencidos: number;
  por_vencer: number;
}

/** Read-only queries of the documents table, each timed under its operation name. */
@Injectable()
export class ConsultasRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  buscar(q: BuscarQuery): Promise<(DocumentoRow & { rank?: number })[]> {
    const { sql, params } = this.buscarSql(q);
    const op = q.busqueda.modo === 'expediente' ? 'documentos.search_numero' : 'documentos.search';
    return timedDb(op, () => this.db.query(sql, params));
  }

  /**
   * Case-number mode: ILIKE through the numero_expediente trigram index, newest number first.
   * Text mode: the stored tsvector (GIN) OR part of the sender's name (trigram GIN), which the
   * planner answers with a BitmapOr of both indexes; ranked by ts_rank, keyset on (rank, id).
   */
  buscarSql(q: BuscarQuery): Sentencia {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.areaId !== undefined) where.push(`d.area_actual_id = ${p(q.areaId)}`);
    if (q.busqueda.modo === 'expediente') {
      where.push(`d.numero_expediente ILIKE ${p(q.busqueda.patron)}`);
      if (q.despuesDe && 'numeroExpediente' in q.despuesDe) where.push(`d.numero_expediente < ${p(q.despuesDe.numeroExpediente)}`);
      return {
        sql: `SELECT d.* FROM documentos.documento d WHERE ${where.join(' AND ')}
              ORDER BY d.numero_expediente DESC LIMIT ${p(q.limit)}`,
        params,
      };
    }
    const tsq = `websearch_to_tsquery('${DOCUMENTOS_SEARCH_CONFIG}', ${p(q.busqueda.texto)})`;
    const coincide = q.busqueda.patron
      ? `(d.search_vector @@ t.q OR d.remitente ILIKE ${p(q.busqueda.patron)})`
      : 'd.search_vector @@ t.q';
    where.push(coincide);
    const after =
      q.despuesDe && 'rank' in q.despuesDe ? `WHERE (r.rank, r.id) < (${p(q.despuesDe.rank)}::real, ${p(q.despuesDe.id)}::uuid)` : '';
    return {
      sql: `SELECT r.* FROM (
              SELECT d.*, ts_rank(d.search_vector, t.q) AS rank
                FROM documentos.documento d CROSS JOIN (SELECT ${tsq} AS q) t
               WHERE ${where.join(' AND ')}
            ) r ${after}
            ORDER BY r.rank DESC, r.id DESC LIMIT ${p(q.limit)}`,
      params,
    };
  }

  porExpediente(numeroExpediente: string): Promise<string | null> {
    return timedDb('documentos.get_by_numero', async () => {
      const rows: { id: string }[] = await this.db.query(
        'SELECT id FROM documentos.documento WHERE numero_expediente = $1',
        [numeroExpediente],
      );
      return rows[0]?.id ?? null;
    });
  }

  porExpedienteSql(numeroExpediente: string): Sentencia {
    return { sql: 'SELECT id FROM documentos.documento WHERE numero_expediente = $1', params: [numeroExpediente] };
  }

  estadisticas(q: EstadisticasQuery): Promise<EstadisticaRow[]> {
    const { sql, params } = this.estadisticasSql(q);
    return timedDb('documentos.statistics', () => this.db.query(sql, params));
  }

  /**
   * One statement. `rango`: documents legally received in the range (a range scan of
   * idx_documento_fecha, or of idx_documento_area_fecha for an office), counted by estado,
   * prioridad, office, type and Lima day with GROUPING SETS. `plazos`: open documents whose
   * deadline is before the due-soon limit, whenever received, through the partial index
   * idx_documento_vencimiento; overdue and due soon with COUNT(*) FILTER. The second comes back
   * as the 'total' row's vencidos/por_vencer.
   */
  estadisticasSql(q: EstadisticasQuery): Sentencia {
    const params: unknown[] = [q.desde, q.hasta, q.porVencerHasta];
    const area = q.areaId !== undefined ? ` AND area_actual_id = $${params.push(q.areaId)}` : '';
    return {
      sql: `WITH rango AS (
              SELECT estado, prioridad, area_actual_id, tipo_documento_id,
                     (fecha_recepcion AT TIME ZONE '${ZONA}')::date AS dia
                FROM documentos.documento
               WHERE fecha_recepcion >= $1 AND fecha_recepcion < $2${area}
            ), grupos AS (
              SELECT CASE
                       WHEN GROUPING(estado) = 0 THEN 'estado'
                       WHEN GROUPING(prioridad) = 0 THEN 'prioridad'
                       WHEN GROUPING(area_actual_id) = 0 THEN 'area'
                       WHEN GROUPING(tipo_documento_id) = 0 THEN 'tipo'
                       WHEN GROUPING(dia) = 0 THEN 'dia'
                       ELSE 'total'
                     END AS grupo,
                     coalesce(estado::text, prioridad::text, area_actual_id::text, tipo_documento_id::text, dia::text) AS clave,
                     count(*)::int AS total
                FROM rango
               GROUP BY GROUPING SETS ((estado), (prioridad), (area_actual_id), (tipo_documento_id), (dia), ())
            ), plazos AS (
              SELECT count(*) FILTER (WHERE fecha_limite < now())::int AS vencidos,
                     count(*) FILTER (WHERE fecha_limite >= now())::int AS por_vencer
                FROM documentos.documento
               WHERE ${ABIERTO} AND fecha_limite <= $3${area}
            )
            SELECT g.grupo, g.clave, g.total,
                   CASE WHEN g.grupo = 'total' THEN p.vencidos ELSE 0 END AS vencidos,
                   CASE WHEN g.grupo = 'total' THEN p.por_vencer ELSE 0 END AS por_vencer
              FROM grupos g CROSS JOIN plazos p`,
      params,
    };
  }

  vencidos(q: VencidosQuery): Promise<VencidoRow[]> {
    const { sql, params } = this.vencidosSql(q);
    return timedDb(q.areaId !== undefined ? 'documentos.overdue_by_area' : 'documentos.overdue', () => this.db.query(sql, params));
  }

  /**
   * Open documents with a deadline up to `hasta`, most overdue first, keyset on
   * (fecha_limite, id): an ordered scan of the partial index in that order, per office
   * (idx_documento_area_vencimiento) or for all (idx_documento_vencimiento), that stops at LIMIT.
   */
  vencidosSql(q: VencidosQuery): Sentencia {
    const params: unknown[] = [q.hasta];
    const where = [ABIERTO, 'fecha_limite <= $1'];
    if (q.areaId !== undefined) where.push(`area_actual_id = $${params.push(q.areaId)}`);
    if (q.despuesDe) {
      // Deadlines written by SQL carry microseconds: the cursor keeps them, or a page would repeat rows.
      const f = `(timestamptz 'epoch' + $${params.push(q.despuesDe.fechaLimiteUs)}::bigint * interval '1 microsecond')`;
      const i = `$${params.push(q.despuesDe.id)}::uuid`;
      where.push(`(fecha_limite, id) > (${f}, ${i})`);
    }
    return {
      sql: `SELECT *, (extract(epoch FROM fecha_limite) * 1000000)::bigint::text AS fecha_limite_us
              FROM documentos.documento WHERE ${where.join(' AND ')}
            ORDER BY fecha_limite, id LIMIT $${params.push(q.limit)}`,
      params,
    };
  }
}
