import { MigrationInterface, QueryRunner } from 'typeorm';

export class Documentos1795328000002 implements MigrationInterface {
  name = 'Documentos1795328000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE SCHEMA documentos;

      -- Spanish stemming with accents folded: 'resolucion' and 'resolución' give one lexeme.
      CREATE TEXT SEARCH CONFIGURATION documentos.es_unaccent (COPY = pg_catalog.spanish);
      ALTER TEXT SEARCH CONFIGURATION documentos.es_unaccent
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;

      CREATE TYPE documentos.prioridad AS ENUM ('NORMAL', 'ALTA', 'URGENTE');
      CREATE TYPE documentos.estado_documento AS ENUM
        ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO', 'ATENDIDO', 'ARCHIVADO', 'NO_PRESENTADO');
      CREATE TYPE documentos.tipo_feriado AS ENUM ('NACIONAL', 'REGIONAL', 'INSTITUCIONAL', 'LABORABLE');

      CREATE TABLE documentos.area (
        id serial PRIMARY KEY,
        codigo varchar(20) NOT NULL,
        nombre varchar(150) NOT NULL,
        activa boolean NOT NULL DEFAULT true
      );
      CREATE UNIQUE INDEX uq_area_codigo ON documentos.area (codigo);

      CREATE TABLE documentos.tipo_documento (
        id serial PRIMARY KEY,
        codigo varchar(20) NOT NULL,
        nombre varchar(150) NOT NULL,
        plazo_dias integer NOT NULL,
        activo boolean NOT NULL DEFAULT true
      );
      CREATE UNIQUE INDEX uq_tipo_documento_codigo ON documentos.tipo_documento (codigo);

      CREATE TABLE documentos.feriado (
        fecha date PRIMARY KEY,
        descripcion varchar(150) NOT NULL,
        tipo documentos.tipo_feriado NOT NULL DEFAULT 'NACIONAL'
      );

      CREATE TABLE documentos.contador_expediente (
        anio integer PRIMARY KEY,
        ultimo integer NOT NULL DEFAULT 0
      );

      CREATE TABLE documentos.documento (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        numero_expediente varchar(20) NOT NULL,
        tipo_documento_id integer NOT NULL
          CONSTRAINT fk_documento_tipo_documento REFERENCES documentos.tipo_documento (id),
        numero_documento_externo varchar(100),
        remitente varchar(255) NOT NULL,
        asunto varchar(500) NOT NULL,
        numero_folios integer NOT NULL DEFAULT 1,
        tiene_anexos boolean NOT NULL DEFAULT false,
        prioridad documentos.prioridad NOT NULL DEFAULT 'NORMAL',
        estado documentos.estado_documento NOT NULL DEFAULT 'REGISTRADO',
        fecha_presentacion timestamptz NOT NULL,
        fecha_recepcion timestamptz NOT NULL,
        fecha_limite timestamptz,
        usuario_registro_id uuid,
        area_actual_id integer CONSTRAINT fk_documento_area_actual REFERENCES documentos.area (id),
        codigo_verificacion_hash varchar(64) NOT NULL,
        expediente_relacionado_id uuid
          CONSTRAINT fk_documento_expediente_relacionado REFERENCES documentos.documento (id),
        etiquetas text[] NOT NULL DEFAULT '{}',
        observaciones text,
        origen_externo varchar(50),
        id_externo varchar(100),
        plazo_pausado_desde timestamptz,
        dias_pausados integer NOT NULL DEFAULT 0,
        search_vector tsvector NOT NULL GENERATED ALWAYS AS (
          setweight(to_tsvector('documentos.es_unaccent'::regconfig, asunto), 'A') ||
          setweight(to_tsvector('documentos.es_unaccent'::regconfig, remitente), 'B') ||
          setweight(to_tsvector('documentos.es_unaccent'::regconfig, coalesce(numero_documento_externo, '')), 'C')
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX uq_documento_numero_expediente ON documentos.documento (numero_expediente);
      CREATE UNIQUE INDEX uq_documento_codigo_verificacion_hash ON documentos.documento (codigo_verificacion_hash);
      CREATE UNIQUE INDEX uq_documento_origen_externo ON documentos.documento (origen_externo, id_externo);
      CREATE INDEX idx_documento_fecha ON documentos.documento (fecha_recepcion, id);
      CREATE INDEX idx_documento_estado_fecha ON documentos.documento (estado, fecha_recepcion, id);
      CREATE INDEX idx_documento_area_fecha ON documentos.documento (area_actual_id, fecha_recepcion, id);
      CREATE INDEX idx_documento_area_estado_fecha ON documentos.documento (area_actual_id, estado, fecha_recepcion, id);
      CREATE INDEX idx_documento_prioridad_fecha ON documentos.documento (prioridad, fecha_recepcion, id);
      CREATE INDEX idx_documento_tipo_fecha ON documentos.documento (tipo_documento_id, fecha_recepcion, id);
      CREATE INDEX idx_documento_fecha_limite ON documentos.documento (fecha_limite)
        WHERE estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO');
      CREATE INDEX idx_documento_search_vector ON documentos.documento USING gin (search_vector);
      CREATE INDEX idx_documento_numero_expediente_trgm ON documentos.documento USING gin (numero_expediente gin_trgm_ops);
      CREATE INDEX idx_documento_remitente_trgm ON documentos.documento USING gin (remitente gin_trgm_ops);

      -- TypeORM compares generated columns against the expression recorded here.
      CREATE TABLE IF NOT EXISTS public.typeorm_metadata (
        "type" varchar NOT NULL,
        "database" varchar,
        "schema" varchar,
        "table" varchar,
        "name" varchar,
        "value" text
      );
      INSERT INTO public.typeorm_metadata ("database", "schema", "table", "type", "name", "value")
      VALUES (current_database(), 'documentos', 'documento', 'GENERATED_COLUMN', 'search_vector',
        'setweight(to_tsvector(''documentos.es_unaccent''::regconfig, asunto), ''A'') || ' ||
        'setweight(to_tsvector(''documentos.es_unaccent''::regconfig, remitente), ''B'') || ' ||
        'setweight(to_tsvector(''documentos.es_unaccent''::regconfig, coalesce(numero_documento_externo, '''')), ''C'')');

      CREATE TABLE documentos.archivo_adjunto (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        documento_id uuid NOT NULL
          CONSTRAINT fk_archivo_adjunto_documento REFERENCES documentos.documento (id),
        nombre varchar(255) NOT NULL,
        tipo_mime varchar(100) NOT NULL,
        tamano bigint NOT NULL,
        hash char(64) NOT NULL,
        es_principal boolean NOT NULL DEFAULT false,
        storage_key varchar(500) NOT NULL,
        procesado boolean NOT NULL DEFAULT false,
        paginas integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        usuario_id uuid
      );
      CREATE INDEX idx_archivo_adjunto_documento ON documentos.archivo_adjunto (documento_id, created_at);

      CREATE TABLE documentos.auditoria (
        id bigserial PRIMARY KEY,
        documento_id uuid,
        accion varchar(50) NOT NULL,
        usuario_id uuid,
        ip inet,
        antes jsonb,
        despues jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_auditoria_documento_fecha ON documentos.auditoria (documento_id, created_at, id);
      CREATE INDEX idx_auditoria_usuario_fecha ON documentos.auditoria (usuario_id, created_at, id);

      -- The service connects as the table owner, whom REVOKE cannot restrain: a trigger keeps
      -- the audit trail append-only. FOR EACH STATEMENT refuses even a statement matching no row.
      CREATE FUNCTION documentos.auditoria_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'documentos.auditoria is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER auditoria_append_only BEFORE UPDATE OR DELETE ON documentos.auditoria
        FOR EACH STATEMENT EXECUTE FUNCTION documentos.auditoria_append_only();

      CREATE TABLE documentos.outbox (id bigserial primary key, event_id uuid not null unique, pattern text not null, payload jsonb not null, headers jsonb not null default '{}', created_at timestamptz not null default now());
      CREATE TABLE documentos.processed_events (event_id uuid primary key, processed_at timestamptz not null default now());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM public.typeorm_metadata WHERE "schema" = 'documentos' AND "database" = current_database();
      DROP SCHEMA documentos CASCADE;
    `);
  }
}
