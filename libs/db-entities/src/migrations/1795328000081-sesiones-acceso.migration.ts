import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions and sign-in audit of the gateway:
 * - `usuario.token_version` goes up whenever a user is deactivated or changes role or office
 *   (a trigger, so every way of changing the row counts); access tokens carry the version they
 *   were issued under and the gateway refuses older ones.
 * - `sesion` is a refresh-token family; `refresh_token` holds each token of it (SHA-256 only).
 *   A token used twice revokes its whole family.
 * - `auditoria_acceso`: failed sign-ins, lockouts and refresh-token reuse; never a password, and
 *   the typed username only as the user it names (an unknown name may be a mistyped password).
 */
export class SesionesAcceso1795328000081 implements MigrationInterface {
  name = 'SesionesAcceso1795328000081';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gateway.usuario ADD COLUMN token_version integer NOT NULL DEFAULT 0;

      CREATE FUNCTION gateway.usuario_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.activo IS DISTINCT FROM OLD.activo OR NEW.rol IS DISTINCT FROM OLD.rol
           OR NEW.area_id IS DISTINCT FROM OLD.area_id THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER trg_usuario_token_version BEFORE UPDATE ON gateway.usuario
        FOR EACH ROW EXECUTE FUNCTION gateway.usuario_token_version();

      CREATE TABLE gateway.sesion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        usuario_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revocada_at timestamptz,
        motivo_revocacion varchar(20),
        CONSTRAINT fk_sesion_usuario FOREIGN KEY (usuario_id) REFERENCES gateway.usuario (id) ON DELETE CASCADE
      );
      CREATE INDEX idx_sesion_expires_at ON gateway.sesion (expires_at);

      CREATE TABLE gateway.refresh_token (
        token_hash char(64) PRIMARY KEY,
        sesion_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        usado_at timestamptz,
        CONSTRAINT fk_refresh_token_sesion FOREIGN KEY (sesion_id) REFERENCES gateway.sesion (id) ON DELETE CASCADE
      );
      CREATE INDEX idx_refresh_token_sesion ON gateway.refresh_token (sesion_id);

      CREATE TABLE gateway.auditoria_acceso (
        id bigserial PRIMARY KEY,
        evento varchar(30) NOT NULL,
        usuario_id uuid,
        ip varchar(45),
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE gateway.auditoria_acceso;
      DROP TABLE gateway.refresh_token;
      DROP TABLE gateway.sesion;
      DROP TRIGGER trg_usuario_token_version ON gateway.usuario;
      DROP FUNCTION gateway.usuario_token_version();
      ALTER TABLE gateway.usuario DROP COLUMN token_version;
    `);
  }
}
