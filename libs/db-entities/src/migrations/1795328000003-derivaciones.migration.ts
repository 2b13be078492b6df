import { MigrationInterface, QueryRunner } from 'typeorm';

export class Derivaciones1795328000003 implements MigrationInterface {
  name = 'Derivaciones1795328000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SCHEMA derivaciones;

      CREATE TYPE derivaciones.estado_derivacion AS ENUM ('PENDIENTE', 'RECIBIDO', 'ATENDIDO', 'RECHAZADO');
      CREATE TYPE derivaciones.estado_documento AS ENUM
        ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO', 'ATENDIDO', 'ARCHIVADO', 'NO_PRESENTADO');

      CREATE TABLE derivaciones.contador_derivacion (
        periodo char(6) PRIMARY KEY,
        ultimo integer NOT NULL DEFAULT 0
      );

      CREATE TABLE derivaciones.derivacion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        numero_derivacion varchar(20) NOT NULL,
        documento_id uuid NOT NULL,
        numero_expediente varchar(20) NOT NULL,
        asunto varchar(500) NOT NULL,
        area_origen_id integer,
        area_destino_id integer NOT NULL,
        usuario_deriva_id uuid,
        usuario_recibe_id uuid,
        usuario_atiende_id uuid,
        instrucciones text NOT NULL,
        observaciones text,
        motivo_rechazo text,
        respuesta text,
        fecha_derivacion timestamptz NOT NULL DEFAULT now(),
        fecha_recepcion timestamptz,
        fecha_atencion timestamptz,
        fecha_limite_atencion timestamptz,
        estado derivaciones.estado_derivacion NOT NULL DEFAULT 'PENDIENTE',
        es_urgente boolean NOT NULL DEFAULT false,
        requiere_respuesta boolean NOT NULL DEFAULT false,
        es_copia boolean NOT NULL DEFAULT false,
        derivacion_padre_id uuid CONSTRAINT fk_derivacion_padre REFERENCES derivaciones.derivacion (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_derivacion_numero ON derivaciones.derivacion (numero_derivacion);
      CREATE INDEX idx_derivacion_area_estado_fecha
        ON derivaciones.derivacion (area_destino_id, estado, fecha_derivacion, id);
      CREATE INDEX idx_derivacion_area_origen_fecha ON derivaciones.derivacion (area_origen_id, fecha_derivacion, id);
      CREATE INDEX idx_derivacion_documento_fecha ON derivaciones.derivacion (documento_id, fecha_derivacion);
      CREATE INDEX idx_derivacion_fecha_limite ON derivaciones.derivacion (fecha_limite_atencion)
        WHERE estado IN ('PENDIENTE', 'RECIBIDO');

      CREATE TABLE derivaciones.documento_ref (
        documento_id uuid PRIMARY KEY,
        numero_expediente varchar(20) NOT NULL,
        asunto varchar(500) NOT NULL,
        estado derivaciones.estado_documento NOT NULL,
        area_actual_id integer,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE derivaciones.notificacion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        usuario_id uuid,
        area_id integer,
        tipo varchar(50) NOT NULL,
        titulo varchar(200) NOT NULL,
        mensaje text NOT NULL,
        referencia_id varchar(100),
        dedupe_key varchar(200) NOT NULL,
        leida boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        leida_at timestamptz
      );
      CREATE UNIQUE INDEX uq_notificacion_dedupe_key ON derivaciones.notificacion (dedupe_key);
      CREATE INDEX idx_notificacion_usuario_leida_fecha ON derivaciones.notificacion (usuario_id, leida, created_at, id);
      CREATE INDEX idx_notificacion_area_leida_fecha ON derivaciones.notificacion (area_id, leida, created_at, id);

      CREATE TABLE derivaciones.outbox (id bigserial primary key, event_id uuid not null unique, pattern text not null, payload jsonb not null, headers jsonb not null default '{}', created_at timestamptz not null default now());
      CREATE TABLE derivaciones.processed_events (event_id uuid primary key, processed_at timestamptz not null default now());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA derivaciones CASCADE`);
  }
}
