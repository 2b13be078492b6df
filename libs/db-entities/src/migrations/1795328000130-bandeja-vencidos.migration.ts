import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue tray orders open documents by (fecha_limite, id), for every office or one. The
 * single-column deadline index gave that order only for its first half (ties were sorted), and
 * one office's tray went through the reception-date index and sorted the whole office. Two
 * partial indexes in the tray's own order: a page is an ordered index scan that stops at LIMIT.
 * The deadline counts of the statistics use the first one as they used the old index.
 */
export class BandejaVencidos1795328000130 implements MigrationInterface {
  name = 'BandejaVencidos1795328000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX idx_documento_vencimiento ON documentos.documento (fecha_limite, id)
        WHERE estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO');
      CREATE INDEX idx_documento_area_vencimiento ON documentos.documento (area_actual_id, fecha_limite, id)
        WHERE estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO');
      DROP INDEX documentos.idx_documento_fecha_limite;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX idx_documento_fecha_limite ON documentos.documento (fecha_limite)
        WHERE estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO');
      DROP INDEX documentos.idx_documento_area_vencimiento;
      DROP INDEX documentos.idx_documento_vencimiento;
    `);
  }
}
