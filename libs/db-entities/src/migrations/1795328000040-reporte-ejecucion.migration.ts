import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a task answers after the queue has forgotten its job (completed and failed jobs are
 * trimmed): when its last attempt started and how many attempts it took. The cleanup job's
 * query (expired files still on disk) is served by idx_reporte_expires_at, which already exists.
 */
export class ReporteEjecucion1795328000040 implements MigrationInterface {
  name = 'ReporteEjecucion1795328000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reportes.reporte
        ADD COLUMN started_at timestamptz,
        ADD COLUMN intentos integer NOT NULL DEFAULT 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reportes.reporte DROP COLUMN intentos, DROP COLUMN started_at`);
  }
}
