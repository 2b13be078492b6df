import { MigrationInterface, QueryRunner } from 'typeorm';

/** The PIDE exchange: the entities' catalogue, the ccodtipdoc mapping, the exchanges by CUO and the catalogues' audit. */
export class Pide1795328000100 implements MigrationInterface {
  name = 'Pide1795328000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integraciones.pide_entidad (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ruc varchar(11) NOT NULL,
        nombre varchar(200) NOT NULL,
        endpoint varchar(500),
        activa boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_pide_entidad_ruc ON integraciones.pide_entidad (ruc);

      CREATE TABLE integraciones.pide_tipo_documento (
        tipo_documento_id integer PRIMARY KEY,
        ccodtipdoc varchar(5) NOT NULL,
        nombre varchar(100) NOT NULL
      );
      CREATE UNIQUE INDEX uq_pide_tipo_documento_ccodtipdoc ON integraciones.pide_tipo_documento (ccodtipdoc);

      CREATE TABLE integraciones.pide_tramite (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cuo varchar(20) NOT NULL,
        direccion varchar(10) NOT NULL,
        entidad_id uuid NOT NULL,
        estado varchar(1) NOT NULL,
        documento_id uuid,
        numero_expediente varchar(20),
        datos jsonb NOT NULL DEFAULT '{}',
        observacion text,
        cargo jsonb,
        cargo_storage_key varchar(400),
        cargo_enviado_en timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_pide_tramite_cuo ON integraciones.pide_tramite (cuo, direccion);
      CREATE INDEX idx_pide_tramite_documento ON integraciones.pide_tramite (documento_id);

      CREATE TABLE integraciones.pide_auditoria (
        id bigserial PRIMARY KEY,
        accion varchar(50) NOT NULL,
        usuario_id uuid,
        ip inet,
        antes jsonb,
        despues jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_pide_auditoria_fecha ON integraciones.pide_auditoria (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE integraciones.pide_auditoria;
      DROP TABLE integraciones.pide_tramite;
      DROP TABLE integraciones.pide_tipo_documento;
      DROP TABLE integraciones.pide_entidad;
    `);
  }
}
