import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cleanup job looks for expired files still on disk. Cleaned rows keep their expiry (a
 * download then answers "expired"), so a full index on expires_at fills with rows the job
 * skips one by one; the partial index holds only rows that still have a file.
 */
export class ReporteExpiracionParcial1795328000041 implements MigrationInterface {
  name = 'ReporteExpiracionParcial1795328000041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX reportes.idx_reporte_expires_at;
      CREATE INDEX idx_reporte_expires_at ON reportes.reporte (expires_at) WHERE storage_key IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX reportes.idx_reporte_expires_at;
      CREATE INDEX idx_reporte_expires_at ON reportes.reporte (expires_at);
    `);
  }
}
