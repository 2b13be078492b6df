import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments and reads of documents.
 * - A document's attachment list pages by (created_at, id): the id joins its index.
 * - `lectura`: who read which document (Ley 29733), append-only like `auditoria`; `evento_id`
 *   unique so a redelivered read event inserts nothing; one index, for "who read this document".
 * - `tiene_anexos` stays true while the document has attachments, whoever updates the row.
 */
export class ArchivosLecturas1795328000020 implements MigrationInterface {
  name = 'ArchivosLecturas1795328000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX documentos.idx_archivo_adjunto_documento;
      CREATE INDEX idx_archivo_adjunto_documento ON documentos.archivo_adjunto (documento_id, created_at, id);

      CREATE TABLE documentos.lectura (
        id bigserial PRIMARY KEY,
        evento_id uuid NOT NULL,
        documento_id uuid NOT NULL,
        usuario_id uuid NOT NULL,
        recurso varchar(20) NOT NULL,
        archivo_id uuid,
        ip inet,
        leido_en timestamptz NOT NULL,
        registrado_en timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_lectura_evento ON documentos.lectura (evento_id);
      CREATE INDEX idx_lectura_documento_fecha ON documentos.lectura (documento_id, leido_en, id);

      CREATE FUNCTION documentos.solo_insercion() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER lectura_append_only BEFORE UPDATE OR DELETE ON documentos.lectura
        FOR EACH STATEMENT EXECUTE FUNCTION documentos.solo_insercion();

      CREATE FUNCTION documentos.mantener_tiene_anexos() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM documentos.archivo_adjunto WHERE documento_id = NEW.id) THEN
          NEW.tiene_anexos := true;
        END IF;
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER documento_tiene_anexos BEFORE UPDATE OF tiene_anexos ON documentos.documento
        FOR EACH ROW WHEN (OLD.tiene_anexos AND NOT NEW.tiene_anexos)
        EXECUTE FUNCTION documentos.mantener_tiene_anexos();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER documento_tiene_anexos ON documentos.documento;
      DROP FUNCTION documentos.mantener_tiene_anexos();
      DROP TABLE documentos.lectura;
      DROP FUNCTION documentos.solo_insercion();
      DROP INDEX documentos.idx_archivo_adjunto_documento;
      CREATE INDEX idx_archivo_adjunto_documento ON documentos.archivo_adjunto (documento_id, created_at);
    `);
  }
}
