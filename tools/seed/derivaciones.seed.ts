import type { ClientBase } from 'pg';
import { INSTRUCCIONES } from './vocabulario';

/** Rows generated before they are numbered; unlogged, since a crash only means generating again. */
const CARGA = 'public.seed_derivaciones_carga';

export interface PlanDerivaciones {
  /** Average derivations per document (over all documents that have none yet). */
  promedio: number;
  mesaDePartesId: number;
  /** The offices documents are routed to (every routed document's current area is one of them). */
  areasDeRuta: number[];
  /** Who derives from, receives in or attends at an office, where a seeded user works there. */
  usuarioPorArea: Record<number, string>;
}

/** One of `total` disjoint shares of the documents, so connections can work side by side. */
export interface Parte {
  indice: number;
  total: number;
}

const enLaParte = (alias: string) => `get_byte(uuid_send(${alias}.id), 15) % $2::int = $1::int`;

/** derivaciones' copy of the documents (normally fed by documentos events, which a seed bypasses). */
export async function copiarDocumentosARef(client: ClientBase, parte: Parte): Promise<void> {
  await client.query(
    `INSERT INTO derivaciones.documento_ref
       (documento_id, numero_expediente, asunto, estado, area_actual_id, version_documento, updated_at)
     SELECT d.id, d.numero_expediente, d.asunto, d.estado::text::derivaciones.estado_documento, d.area_actual_id,
            d.version, d.updated_at
       FROM documentos.documento d
      WHERE ${enLaParte('d')}
        AND NOT EXISTS (SELECT 1 FROM derivaciones.documento_ref r WHERE r.documento_id = d.id)`,
    [parte.indice, parte.total],
  );
}

/**
 * Creates the (empty) staging table and works out the average route length among documents
 * that will get one, so that the average over all documents without derivations is `promedio`.
 * Returns null when no document needs derivations.
 */
export async function prepararCarga(client: ClientBase, plan: PlanDerivaciones): Promise<number | null> {
  await client.query(`DROP TABLE IF EXISTS ${CARGA}`);
  await client.query(`CREATE UNLOGGED TABLE ${CARGA} (
    documento_id uuid NOT NULL, numero_expediente varchar(20) NOT NULL, asunto varchar(500) NOT NULL,
    origen int NOT NULL, destino int NOT NULL, instrucciones text NOT NULL,
    estado derivaciones.estado_derivacion NOT NULL, es_urgente boolean NOT NULL, requiere_respuesta boolean NOT NULL,
    fecha_derivacion timestamptz NOT NULL, fecha_recepcion timestamptz, fecha_atencion timestamptz, periodo text NOT NULL)`);
  if (plan.promedio <= 0) return null;
  const { rows } = await client.query<{ candidatos: number; ruteados: number }>(
    `SELECT count(*)::int AS candidatos,
            (count(*) FILTER (WHERE estado IN ('EN_PROCESO', 'ATENDIDO', 'ARCHIVADO') AND area_actual_id = ANY($1)))::int AS ruteados
       FROM documentos.documento d
      WHERE NOT EXISTS (SELECT 1 FROM derivaciones.derivacion v WHERE v.documento_id = d.id)`,
    [plan.areasDeRuta],
  );
  if (rows[0].ruteados === 0) return null;
  return (plan.promedio * rows[0].candidatos) / rows[0].ruteados;
}

/**
 * Generates the routes of one share of the documents into the staging table: k derivations
 * leaving Mesa de Partes and ending at the document's current area, dated in order after its
 * reception; open documents have their last one pending or received, attended and archived
 * ones have all attended. Consecutive offices differ: office j is (final - (k - j) * c) mod A
 * with c coprime to A.
 */
export async function generarDerivaciones(client: ClientBase, plan: PlanDerivaciones, media: number, parte: Parte): Promise<void> {
  const a = plan.areasDeRuta.length;
  const pasos = Array.from({ length: a - 1 }, (_, i) => i + 1).filter((c) => mcd(c, a) === 1);
  await client.query(GENERAR, [parte.indice, parte.total, plan.areasDeRuta, media, pasos, plan.mesaDePartesId, INSTRUCCIONES]);
}

/** Months of the staging table split into `partes` groups of about the same number of rows. */
export async function repartirPeriodos(client: ClientBase, partes: number): Promise<string[][]> {
  const { rows } = await client.query<{ periodo: string; n: number }>(
    `SELECT periodo, count(*)::int AS n FROM ${CARGA} GROUP BY periodo ORDER BY n DESC`,
  );
  const grupos = Array.from({ length: partes }, () => ({ periodos: [] as string[], n: 0 }));
  for (const row of rows) {
    const menor = grupos.reduce((x, y) => (y.n < x.n ? y : x));
    menor.periodos.push(row.periodo);
    menor.n += row.n;
  }
  return grupos.map((g) => g.periodos).filter((p) => p.length > 0);
}

/**
 * Moves the staged derivations of the given months into derivaciones.derivacion, numbered
 * DER-YYYYMM-NNNNNN by date within each month after the month's counter. Ids are time-ordered
 * like the documents' (see documentos.seed.ts), and rows arrive sorted by date from the
 * numbering window, so the primary key is appended to. Returns how many were inserted.
 */
export async function insertarDerivaciones(client: ClientBase, plan: PlanDerivaciones, periodos: string[]): Promise<number> {
  const { rows } = await client.query<{ periodo: string; ultimo: number }>(
    'SELECT periodo, ultimo FROM derivaciones.contador_derivacion WHERE periodo = ANY($1)',
    [periodos],
  );
  const bases = periodos.map((p) => rows.find((r) => r.periodo === p)?.ultimo ?? 0);
  const conUsuario = Object.keys(plan.usuarioPorArea).map(Number);
  const result = await client.query(INSERTAR, [periodos, bases, conUsuario, conUsuario.map((id) => plan.usuarioPorArea[id])]);
  return result.rowCount ?? 0;
}

export async function descartarCarga(client: ClientBase): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${CARGA}`);
}

function mcd(x: number, y: number): number {
  return y === 0 ? x : mcd(y, x % y);
}

// $1/$2 share, $3 route offices, $4 mean derivations per routed document, $5 steps coprime with
// the number of offices, $6 Mesa de Partes, $7 instructions. Subqueries with random() are
// evaluated once per row; OFFSET 0 keeps the derived dates from being recomputed per use.
const GENERAR = `
INSERT INTO ${CARGA} (documento_id, numero_expediente, asunto, origen, destino, instrucciones, estado,
  es_urgente, requiere_respuesta, fecha_derivacion, fecha_recepcion, fecha_atencion, periodo)
SELECT t.documento_id, t.numero_expediente, t.asunto, t.origen, t.destino, t.instrucciones, t.estado,
  t.es_urgente, t.requiere_respuesta, t.fecha_derivacion,
  CASE WHEN t.estado <> 'PENDIENTE' THEN t.fecha_derivacion + t.tramo / t.k * 0.1 * t.r_recibe END,
  CASE WHEN t.estado = 'ATENDIDO' THEN t.fecha_derivacion + t.tramo / t.k * (0.1 + 0.1 * t.r_atiende) END,
  to_char(t.fecha_derivacion AT TIME ZONE 'America/Lima', 'YYYYMM')
FROM (
  SELECT s.*,
    CASE WHEN s.j = 1 THEN $6::int
         ELSE ($3::int[])[1 + ((s.final - (s.k - s.j + 1) * s.paso) % s.a + s.a) % s.a] END AS origen,
    ($3::int[])[1 + ((s.final - (s.k - s.j) * s.paso) % s.a + s.a) % s.a] AS destino,
    s.recepcion + s.tramo * ((s.j - 1) + 0.2 + 0.6 * s.r_fecha) / s.k AS fecha_derivacion,
    (CASE WHEN s.j < s.k OR s.doc_estado <> 'EN_PROCESO' THEN 'ATENDIDO'
          WHEN s.r_estado < 0.5 THEN 'PENDIENTE' ELSE 'RECIBIDO' END)::derivaciones.estado_derivacion AS estado
  FROM (
    SELECT d.*, j, random() AS r_fecha, random() AS r_recibe, random() AS r_atiende, random() AS r_estado,
           ($7::text[])[1 + floor(random() * cardinality($7::text[]))::int] AS instrucciones,
           random() < 0.4 AS requiere_respuesta
      FROM (
        SELECT doc.id AS documento_id, doc.numero_expediente, doc.asunto, doc.estado AS doc_estado,
               doc.prioridad = 'URGENTE' AS es_urgente, doc.fecha_recepcion AS recepcion,
               least(now() - doc.fecha_recepcion, interval '30 days') AS tramo,
               array_position($3::int[], doc.area_actual_id) - 1 AS final,
               cardinality($3::int[]) AS a,
               ($5::int[])[1 + floor(random() * cardinality($5::int[]))::int] AS paso,
               CASE WHEN $4::float8 <= 1 THEN (random() < $4::float8)::int
                    ELSE round(1 + random() * 2 * ($4::float8 - 1))::int END AS k
          FROM documentos.documento doc
         WHERE ${enLaParte('doc')}
           AND doc.estado IN ('EN_PROCESO', 'ATENDIDO', 'ARCHIVADO')
           AND doc.area_actual_id = ANY($3::int[])
           AND NOT EXISTS (SELECT 1 FROM derivaciones.derivacion v WHERE v.documento_id = doc.id)
      ) d
      CROSS JOIN LATERAL generate_series(1, d.k) AS j
  ) s
  OFFSET 0
) t`;

// $1 months, $2 their counters, $3/$4 offices with a seeded user and that user.
const INSERTAR = `
INSERT INTO derivaciones.derivacion (
  id, numero_derivacion, documento_id, numero_expediente, asunto, area_origen_id, area_destino_id,
  usuario_deriva_id, usuario_recibe_id, usuario_atiende_id, instrucciones, respuesta,
  fecha_derivacion, fecha_recepcion, fecha_atencion, fecha_limite_atencion, estado,
  es_urgente, requiere_respuesta, created_at, updated_at)
SELECT
  encode(set_byte(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send((extract(epoch FROM x.fecha_derivacion) * 1000)::bigint) FROM 3 FOR 6) FROM 1 FOR 6),
    6, 112 + floor(random() * 16)::int), 'hex')::uuid,
  'DER-' || x.periodo || '-' || lpad((($2::int[])[array_position($1::text[], x.periodo)] + x.rn)::text, 6, '0'),
  x.documento_id, x.numero_expediente, x.asunto, x.origen, x.destino,
  ($4::uuid[])[array_position($3::int[], x.origen)],
  CASE WHEN x.estado <> 'PENDIENTE' THEN ($4::uuid[])[array_position($3::int[], x.destino)] END,
  CASE WHEN x.estado = 'ATENDIDO' THEN ($4::uuid[])[array_position($3::int[], x.destino)] END,
  x.instrucciones,
  CASE WHEN x.estado = 'ATENDIDO' THEN 'Atendido conforme a lo solicitado' END,
  x.fecha_derivacion, x.fecha_recepcion, x.fecha_atencion,
  x.fecha_derivacion + CASE WHEN x.es_urgente THEN interval '2 days' ELSE interval '7 days' END,
  x.estado, x.es_urgente, x.requiere_respuesta,
  x.fecha_derivacion, coalesce(x.fecha_atencion, x.fecha_recepcion, x.fecha_derivacion)
FROM (
  SELECT k.*, row_number() OVER (PARTITION BY k.periodo ORDER BY k.fecha_derivacion, k.documento_id) AS rn
    FROM ${CARGA} k
   WHERE k.periodo = ANY($1::text[])
  OFFSET 0
) x`;
