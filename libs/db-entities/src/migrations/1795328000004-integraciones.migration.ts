import { MigrationInterface, QueryRunner } from 'typeorm';

export class Integraciones1795328000004 implements MigrationInterface {
  name = 'Integraciones1795328000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SCHEMA integraciones;

      CREATE TYPE integraciones.tipo_integracion AS ENUM ('API_REST', 'WEBHOOK', 'SOAP');
      CREATE TYPE integraciones.tipo_autenticacion AS ENUM ('API_KEY', 'BEARER', 'BASIC', 'NONE');
      CREATE TYPE integraciones.estado_conexion AS ENUM ('CONECTADO', 'DESCONECTADO', 'ERROR', 'PROBANDO');
      CREATE TYPE integraciones.operacion_sync AS ENUM ('ENVIO', 'RECEPCION', 'CONSULTA_ESTADO');
      CREATE TYPE integraciones.estado_sync AS ENUM ('EXITOSO', 'ERROR', 'PENDIENTE', 'REINTENTANDO');

      CREATE TABLE integraciones.integracion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        codigo varchar(50) NOT NULL,
        nombre varchar(150) NOT NULL,
        tipo integraciones.tipo_integracion NOT NULL,
        url_base varchar(500),
        tipo_autenticacion integraciones.tipo_autenticacion NOT NULL DEFAULT 'NONE',
        credenciales_cifradas text,
        api_key_hash varchar(64),
        mapeo_campos jsonb NOT NULL DEFAULT '{}',
        webhook_secret_cifrado text,
        eventos text[] NOT NULL DEFAULT '{}',
        activa boolean NOT NULL DEFAULT true,
        estado_conexion integraciones.estado_conexion NOT NULL DEFAULT 'DESCONECTADO',
        ultima_sincronizacion timestamptz,
        timeout_ms integer NOT NULL DEFAULT 10000,
        max_reintentos integer NOT NULL DEFAULT 5,
        fallos_consecutivos integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_integracion_codigo ON integraciones.integracion (codigo);
      CREATE UNIQUE INDEX uq_integracion_api_key_hash ON integraciones.integracion (api_key_hash);

      CREATE TABLE integraciones.log_sincronizacion (
        id bigserial PRIMARY KEY,
        integracion_id uuid NOT NULL
          CONSTRAINT fk_log_sincronizacion_integracion REFERENCES integraciones.integracion (id),
        documento_id uuid,
        documento_numero_expediente varchar(20),
        operacion integraciones.operacion_sync NOT NULL,
        estado integraciones.estado_sync NOT NULL DEFAULT 'PENDIENTE',
        codigo_respuesta integer,
        mensaje_error text,
        numero_intento integer NOT NULL DEFAULT 1,
        fecha_proximo_reintento timestamptz,
        tiempo_respuesta_ms integer,
        id_externo varchar(100),
        en_dlq boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_log_integracion_fecha ON integraciones.log_sincronizacion (integracion_id, created_at, id);
      CREATE INDEX idx_log_documento_fecha ON integraciones.log_sincronizacion (documento_id, created_at, id);
      CREATE INDEX idx_log_dlq_fecha ON integraciones.log_sincronizacion (created_at, id) WHERE en_dlq;

      CREATE TABLE integraciones.solicitud_entrante (
        integracion_id uuid NOT NULL,
        request_id varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integracion_id, request_id)
      );
      CREATE INDEX idx_solicitud_entrante_created_at ON integraciones.solicitud_entrante (created_at);

      CREATE TABLE integraciones.outbox (id bigserial primary key, event_id uuid not null unique, pattern text not null, payload jsonb not null, headers jsonb not null default '{}', created_at timestamptz not null default now());
      CREATE TABLE integraciones.processed_events (event_id uuid primary key, processed_at timestamptz not null default now());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA integraciones CASCADE`);
  }
}
