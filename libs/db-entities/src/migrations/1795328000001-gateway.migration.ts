import { MigrationInterface, QueryRunner } from 'typeorm';

export class Gateway1795328000001 implements MigrationInterface {
  name = 'Gateway1795328000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SCHEMA gateway;

      CREATE TYPE gateway.rol AS ENUM ('ADMIN', 'MESA_PARTES', 'AREA', 'AUDITOR', 'SRE');

      CREATE TABLE gateway.usuario (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(50) NOT NULL,
        password_hash varchar(255) NOT NULL,
        nombre varchar(150) NOT NULL,
        rol gateway.rol NOT NULL,
        area_id integer,
        activo boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_usuario_username ON gateway.usuario (username);

      CREATE TABLE gateway.idempotencia (
        key varchar(255) NOT NULL,
        usuario_id uuid NOT NULL,
        request_hash char(64) NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (key, usuario_id)
      );
      CREATE INDEX idx_idempotencia_expires_at ON gateway.idempotencia (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA gateway CASCADE`);
  }
}
