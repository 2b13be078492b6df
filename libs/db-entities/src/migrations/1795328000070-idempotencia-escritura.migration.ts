import { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMAS = ['documentos', 'derivaciones'];

/**
 * Idempotency at the write: documentos and derivaciones record each `Idempotency-Key` in the
 * transaction of the write it protects, so a request retried after a timeout or a crash cannot
 * execute twice (the gateway's own table could not promise that: it sits outside the write).
 */
export class IdempotenciaEscritura1795328000070 implements MigrationInterface {
  name = 'IdempotenciaEscritura1795328000070';

  async up(q: QueryRunner): Promise<void> {
    for (const schema of SCHEMAS) {
      await q.query(`
        CREATE TABLE ${schema}.idempotencia (
          usuario_id uuid NOT NULL,
          key varchar(255) NOT NULL,
          request_hash char(64) NOT NULL,
          respuesta jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (usuario_id, key)
        );
        CREATE INDEX idx_${schema}_idempotencia_created_at ON ${schema}.idempotencia (created_at);`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const schema of SCHEMAS) await q.query(`DROP TABLE ${schema}.idempotencia`);
  }
}
