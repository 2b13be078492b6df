import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an observation must remember: the state to return to when corrected, and the last
 * instant to correct (computed in business days when observed, so later holiday changes do
 * not move a term already given). The partial index serves the job that turns uncorrected
 * filings into NO_PRESENTADO; it holds only the few documents under observation.
 */
export class DocumentoObservacion1795328000013 implements MigrationInterface {
  name = 'DocumentoObservacion1795328000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documentos.documento
        ADD COLUMN estado_previo documentos.estado_documento,
        ADD COLUMN fecha_limite_subsanacion timestamptz;
      CREATE INDEX idx_documento_subsanacion ON documentos.documento (fecha_limite_subsanacion)
        WHERE estado = 'OBSERVADO';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX documentos.idx_documento_subsanacion;
      ALTER TABLE documentos.documento DROP COLUMN fecha_limite_subsanacion, DROP COLUMN estado_previo;
    `);
  }
}
