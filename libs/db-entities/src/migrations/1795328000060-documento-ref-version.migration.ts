import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * derivaciones' copy of a document remembers the document's version it reflects, so a
 * `documento.actualizado` that arrives after a newer one (two replicas, a redelivery) is
 * ignored instead of undoing it. Existing copies start at 0: the next event applies.
 */
export class DocumentoRefVersion1795328000060 implements MigrationInterface {
  name = 'DocumentoRefVersion1795328000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE derivaciones.documento_ref ADD COLUMN version_documento integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE derivaciones.documento_ref DROP COLUMN version_documento`);
  }
}
