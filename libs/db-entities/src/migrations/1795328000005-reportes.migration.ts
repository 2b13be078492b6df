import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reportes1795328000005 implements MigrationInterface {
  name = 'Reportes1795328000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SCHEMA reportes;

      CREATE TABLE reportes.reporte (
        id varchar(100) PRIMARY KEY,
        tipo varchar(50) NOT NULL,
        formato varchar(10) NOT NULL,
        filtros jsonb NOT NULL DEFAULT '{}',
        usuario_id uuid NOT NULL,
        estado varchar(20) NOT NULL,
        storage_key varchar(500),
        tamano bigint,
        filas integer,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        expires_at timestamptz
      );
      CREATE INDEX idx_reporte_usuario_fecha ON reportes.reporte (usuario_id, created_at, id);
      CREATE INDEX idx_reporte_expires_at ON reportes.reporte (expires_at);

      CREATE TABLE reportes.notificacion_envio (
        job_id varchar(100) NOT NULL,
        destinatario varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, destinatario)
      );

      CREATE TABLE reportes.outbox (id bigserial primary key, event_id uuid not null unique, pattern text not null, payload jsonb not null, headers jsonb not null default '{}', created_at timestamptz not null default now());
      CREATE TABLE reportes.processed_events (event_id uuid primary key, processed_at timestamptz not null default now());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA reportes CASCADE`);
  }
}
