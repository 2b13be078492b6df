import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { timedDb } from '@mesa/shared/database';

export interface CifrasDocumentos {
  /** Registered documents: the planner's estimate (pg_class.reltuples), exact only before the first ANALYZE. */
  registrados: number;
  registradosEstimado: boolean;
  /** Open documents past their legal deadline. */
  vencidos: number;
}

/** The two figures of the domain gauges, in one round trip. */
@Injectable()
export class MetricasRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The document count comes from the statistics (no COUNT over the big table); a table never
   * analyzed has no estimate (-1) and is small, so it is counted. Overdue documents are counted
   * over the partial index idx_documento_vencimiento (open states only), a small part of the table.
   */
  async cifras(): Promise<CifrasDocumentos> {
    const [row] = await timedDb('documentos.metricas', () =>
      this.db.query(`
        WITH estimado AS (SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'documentos.documento'::regclass)
        SELECT CASE WHEN e.n >= 0 THEN e.n ELSE (SELECT count(*) FROM documentos.documento) END::bigint::text AS registrados,
               (e.n >= 0) AS estimado,
               (SELECT count(*) FROM documentos.documento
                 WHERE estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO') AND fecha_limite < now())::bigint::text AS vencidos
          FROM estimado e`),
    );
    return { registrados: Number(row.registrados), registradosEstimado: row.estimado, vencidos: Number(row.vencidos) };
  }
}
