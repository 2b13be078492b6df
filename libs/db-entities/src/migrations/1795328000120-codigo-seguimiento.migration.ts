import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One name for the tracking code: the column holding its hash and the unique index on it say
 * `codigo_seguimiento`, as the domain (codigo-seguimiento.ts) and the API do. A rename: the
 * hashes stay as they are, and every printed receipt still tracks its case.
 */
export class CodigoSeguimiento1795328000120 implements MigrationInterface {
  name = 'CodigoSeguimiento1795328000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documentos.documento RENAME COLUMN codigo_verificacion_hash TO codigo_seguimiento_hash;
      ALTER INDEX documentos.uq_documento_codigo_verificacion_hash RENAME TO uq_documento_codigo_seguimiento_hash;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER INDEX documentos.uq_documento_codigo_seguimiento_hash RENAME TO uq_documento_codigo_verificacion_hash;
      ALTER TABLE documentos.documento RENAME COLUMN codigo_seguimiento_hash TO codigo_verificacion_hash;
    `);
  }
}
