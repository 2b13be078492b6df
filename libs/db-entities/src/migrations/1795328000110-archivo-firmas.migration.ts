import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signatures the processing job verified in each PDF attachment, as one jsonb array per
 * attachment (outcome, reason, signer, times): always read and written whole, with the row,
 * by the attachment's own id. NULL until verified (or when it was not: not a PDF, past the
 * verifier's limits); [] for an unsigned PDF.
 */
export class ArchivoFirmas1795328000110 implements MigrationInterface {
  name = 'ArchivoFirmas1795328000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE documentos.archivo_adjunto ADD COLUMN firmas jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE documentos.archivo_adjunto DROP COLUMN firmas');
  }
}
