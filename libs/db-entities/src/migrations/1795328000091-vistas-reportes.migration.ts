import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What reportes-worker may read of documentos' and derivaciones' data, as views each owner
 * defines: reports stream too many rows to ask over the bus, but they no longer read the
 * owners' tables. A migration that changes a table keeps its view's columns (names, types) or
 * changes the view and reportes-worker with it; vistas-reportes.spec.ts holds the contract.
 * Plain projections: PostgreSQL inlines them, so the tables' indexes serve the reports as before.
 */
export class VistasReportes1795328000091 implements MigrationInterface {
  name = 'VistasReportes1795328000091';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW documentos.reportes_documento AS
        SELECT id, numero_expediente, fecha_recepcion, estado, prioridad, tipo_documento_id, area_actual_id,
               remitente, asunto, numero_folios, fecha_limite
          FROM documentos.documento;
      COMMENT ON VIEW documentos.reportes_documento IS 'Read by reportes-worker; keep its columns.';

      CREATE VIEW documentos.reportes_area AS SELECT id, nombre, activa FROM documentos.area;
      COMMENT ON VIEW documentos.reportes_area IS 'Read by reportes-worker; keep its columns.';

      CREATE VIEW documentos.reportes_tipo_documento AS SELECT id, nombre FROM documentos.tipo_documento;
      COMMENT ON VIEW documentos.reportes_tipo_documento IS 'Read by reportes-worker; keep its columns.';

      CREATE VIEW derivaciones.reportes_derivacion AS
        SELECT id, numero_derivacion, numero_expediente, asunto, area_origen_id, area_destino_id, estado,
               fecha_derivacion, fecha_recepcion, fecha_atencion, fecha_limite_atencion, es_urgente
          FROM derivaciones.derivacion;
      COMMENT ON VIEW derivaciones.reportes_derivacion IS 'Read by reportes-worker; keep its columns.';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW derivaciones.reportes_derivacion;
      DROP VIEW documentos.reportes_tipo_documento;
      DROP VIEW documentos.reportes_area;
      DROP VIEW documentos.reportes_documento;
    `);
  }
}
