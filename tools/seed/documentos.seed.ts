import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { CODIGO_SEGUIMIENTO_ALFABETO } from '@mesa/shared/domain';
import { APELLIDOS, ASUNTOS, ENTIDADES, NOMBRES, PREFIJOS_EXTERNOS } from './vocabulario';

/** Institution's time zone: case years, office hours and months are Lima's. */
const ZONA = 'America/Lima';
const LOTE = 50_000;
const MAX_NUMERO = 999_999;
const BLOQUE_HMAC = 64;

/**
 * The inner and outer pads of HMAC-SHA256 under the tracking-code secret (RFC 2104), so that
 * PostgreSQL derives each seeded document's code exactly as the app does
 * (derivarCodigoSeguimiento: HMAC-SHA256(secret, lowercase id)) with its built-in sha256():
 * HMAC = sha256(opad || sha256(ipad || id)). Receipts of seeded documents then print the code
 * the public route accepts.
 */
export function padsHmac(secret: string): { ipad: Buffer; opad: Buffer } {
  let clave = Buffer.from(secret, 'utf8');
  if (clave.length > BLOQUE_HMAC) clave = createHash('sha256').update(clave).digest();
  const bloque = Buffer.alloc(BLOQUE_HMAC);
  clave.copy(bloque);
  return { ipad: Buffer.from(bloque.map((b) => b ^ 0x36)), opad: Buffer.from(bloque.map((b) => b ^ 0x5c)) };
}

/**
 * The 16 symbols of the code from the HMAC (`h.mac`): its first 80 bits, 5 per symbol from the
 * top, read as two 40-bit integers. The alphabet has no quote, so it may be inlined.
 */
const SIMBOLOS_SQL = Array.from({ length: 16 }, (_, k) => {
  const mitad = k < 8 ? 'v.alto' : 'v.bajo';
  return `substr('${CODIGO_SEGUIMIENTO_ALFABETO}', ((${mitad} >> ${35 - 5 * (k % 8)}) & 31)::int + 1, 1)`;
}).join(' || ');

export interface PlanDocumentos {
  cantidad: number;
  /** Documents are spread over the business days of this many past days. */
  ventanaDias: number;
  mesaDePartesId: number;
  /** 100 area ids drawn with the offices' weights (where routed documents are). */
  areaSlots: number[];
  /** 100 document type ids drawn with the types' weights, and each slot's term. */
  tipoSlots: number[];
  plazoSlots: number[];
  usuarioRegistroId: string;
  /** Makes generated external ids unique across runs. */
  corrida: string;
  /** TRACKING_CODE_SECRET of the apps that will serve these documents. */
  trackingCodeSecret: string;
}

interface Calendario {
  lunes: string;
  habiles: number;
  anios: { anio: number; primerDia: number }[];
}

export type LoteDocumentos = unknown[];

/**
 * Plans the insertion of `cantidad` documents as batches of INSERT ... SELECT FROM
 * generate_series, independent of each other so several connections can run them. Document n
 * (1..cantidad) is received on business day floor((n-1)*D/cantidad) of the window, between
 * 08:00 and 17:00, so dates grow with n: its case number is a formula of n (the year's counter
 * before the run plus its rank within the year) and numbers are chronological and gap-free.
 * Callers update contador_expediente afterwards.
 */
export async function planificarDocumentos(client: ClientBase, plan: PlanDocumentos): Promise<LoteDocumentos[]> {
  if (plan.cantidad <= 0) return [];
  const calendario = await calendarioHabil(client, plan.ventanaDias);
  const n = plan.cantidad;
  const d = calendario.habiles;
  // First n of each year: the smallest n whose business day index reaches the year's first one.
  const primeros = calendario.anios.map((a) => Math.ceil((a.primerDia * n) / d) + 1);
  const { rows } = await client.query<{ anio: number; ultimo: number }>(
    'SELECT anio, ultimo FROM documentos.contador_expediente WHERE anio = ANY($1)',
    [calendario.anios.map((a) => a.anio)],
  );
  const bases = calendario.anios.map((a) => rows.find((r) => r.anio === a.anio)?.ultimo ?? 0);
  calendario.anios.forEach((a, i) => {
    const enElAnio = (primeros[i + 1] ?? n + 1) - primeros[i];
    if (bases[i] + enElAnio > MAX_NUMERO) {
      throw new Error(`${a.anio} would need case numbers above ${MAX_NUMERO} (EXP-YYYY-NNNNNN)`);
    }
  });
  const { ipad, opad } = padsHmac(plan.trackingCodeSecret);
  const lotes: LoteDocumentos[] = [];
  for (let desde = 1; desde <= n; desde += LOTE) {
    lotes.push([
      desde,
      Math.min(n, desde + LOTE - 1),
      n,
      d,
      calendario.lunes,
      calendario.anios[0].anio,
      primeros,
      bases,
      plan.areaSlots,
      plan.tipoSlots,
      plan.plazoSlots,
      plan.mesaDePartesId,
      plan.usuarioRegistroId,
      plan.corrida,
      NOMBRES,
      APELLIDOS,
      ENTIDADES,
      ASUNTOS,
      PREFIJOS_EXTERNOS,
      ipad,
      opad,
    ]);
  }
  return lotes;
}

export async function insertarLoteDocumentos(client: ClientBase, lote: LoteDocumentos): Promise<void> {
  await client.query(INSERT_DOCUMENTOS, lote);
}

/** The Monday that opens the window, its business days up to yesterday, and each year's first one. */
async function calendarioHabil(client: ClientBase, ventanaDias: number): Promise<Calendario> {
  const { rows } = await client.query<{ lunes: string; k: number; anio: number }>(
    `WITH hoy AS (SELECT (now() AT TIME ZONE '${ZONA}')::date AS hoy),
          lunes AS (SELECT date_trunc('week', hoy - $1::int)::date AS lunes, hoy FROM hoy)
     SELECT lunes.lunes::text AS lunes, (row_number() OVER (ORDER BY d) - 1)::int AS k,
            extract(year FROM d)::int AS anio
       FROM lunes, generate_series(lunes.lunes, lunes.hoy - 1, interval '1 day') AS d
      WHERE extract(isodow FROM d) < 6
      ORDER BY d`,
    [ventanaDias],
  );
  const anios: Calendario['anios'] = [];
  for (const row of rows) {
    if (anios.at(-1)?.anio !== row.anio) anios.push({ anio: row.anio, primerDia: row.k });
  }
  return { lunes: rows[0].lunes, habiles: rows.length, anios };
}

// $1..$2 range of n, $3 total, $4 business days, $5 first Monday, $6 first year, $7 first n per
// year, $8 counter per year, $9 area slots, $10 type slots, $11 term slots, $12 Mesa de Partes,
// $13 registering user, $14 run tag, $15..$19 vocabulary, $20 and $21 the HMAC pads of the
// tracking-code secret.
// The inner SELECT draws every random number once per row (a subquery with volatile outputs is
// not flattened); the LATERALs derive dates and the number from n, each once per row (OFFSET 0
// keeps the planner from inlining them into every expression that uses them; run it with
// enable_memoize off, as the seed does: caching rows that never repeat only costs). Ids are time-ordered (UUID
// version 7: milliseconds first, then the version nibble and random bits), so the primary key grows at its right edge: random
// UUIDs would touch a different index page per row, and once the index outgrows shared_buffers
// every insert costs a page write and a full-page WAL image.
const INSERT_DOCUMENTOS = `
INSERT INTO documentos.documento (
  id, numero_expediente, tipo_documento_id, numero_documento_externo, remitente, asunto, numero_folios,
  tiene_anexos, prioridad, estado, fecha_presentacion, fecha_recepcion, fecha_limite,
  usuario_registro_id, area_actual_id, codigo_seguimiento_hash, etiquetas, origen_externo, id_externo,
  plazo_pausado_desde, created_at, updated_at)
SELECT
  ident.id,
  num.numero,
  ($10::int[])[r.slot],
  CASE WHEN r.externo < 0.4
    THEN ($19::text[])[1 + floor(r.externo * 12.5)::int] || ' ' || (1 + r.n % 997) || '-' || f.anio || '-DRTC'
  END,
  CASE WHEN r.entidad < 0.2
    THEN ($17::text[])[1 + floor(r.entidad * 5 * cardinality($17::text[]))::int]
    ELSE ($15::text[])[1 + floor(random() * cardinality($15::text[]))::int] || ' '
      || ($16::text[])[1 + floor(random() * cardinality($16::text[]))::int] || ' '
      || ($16::text[])[1 + floor(random() * cardinality($16::text[]))::int]
  END,
  ($18::text[])[1 + floor(r.asunto * cardinality($18::text[]))::int],
  1 + floor(power(random(), 3) * 60)::int,
  random() < 0.3,
  (CASE WHEN r.prioridad < 0.05 THEN 'URGENTE' WHEN r.prioridad < 0.20 THEN 'ALTA' ELSE 'NORMAL' END)::documentos.prioridad,
  e.estado,
  f.recepcion - CASE WHEN r.online < 0.08 THEN r.online * 12.5 * interval '14 hours' ELSE r.online * interval '20 minutes' END,
  f.recepcion,
  f.recepcion + (($11::int[])[r.slot] + 2 * ((f.dow - 1 + ($11::int[])[r.slot]) / 5)) * interval '1 day',
  $13::uuid,
  CASE WHEN e.estado IN ('REGISTRADO', 'OBSERVADO', 'NO_PRESENTADO') THEN $12::int
       ELSE ($9::int[])[1 + floor(r.area * 100)::int] END,
  encode(sha256(convert_to(${SIMBOLOS_SQL}, 'UTF8')), 'hex'),
  CASE WHEN r.etiqueta < 0.05 THEN '{transparencia}'::text[]
       WHEN r.etiqueta < 0.08 THEN '{reiterativo}'::text[] ELSE '{}'::text[] END,
  CASE WHEN r.pide < 0.03 THEN 'PIDE' END,
  CASE WHEN r.pide < 0.03 THEN 'seed-' || $14::text || '-' || r.n END,
  CASE WHEN e.estado = 'OBSERVADO' THEN f.recepcion + interval '1 day' END,
  f.recepcion,
  least(now(), f.recepcion + r.cambio * interval '15 days')
FROM (
  SELECT g.n, 1 + floor(random() * 100)::int AS slot, random() AS estado, random() AS prioridad,
         random() AS area, random() AS externo, random() AS entidad, random() AS asunto,
         random() AS online, random() AS etiqueta, random() AS pide, random() AS cambio
    FROM generate_series($1::bigint, $2::bigint) AS g(n)
) r
CROSS JOIN LATERAL (SELECT ((r.n - 1) * $4::bigint) / $3::bigint AS k, ((r.n - 1) * $4::bigint) % $3::bigint AS resto OFFSET 0) p
CROSS JOIN LATERAL (SELECT $5::date + (7 * (p.k / 5) + p.k % 5)::int AS dia OFFSET 0) d
CROSS JOIN LATERAL (
  -- Millisecond precision, as the app writes: list cursors carry milliseconds.
  SELECT date_trunc('milliseconds', (d.dia + time '08:00' + (p.resto::float8 / $3::bigint) * interval '9 hours') AT TIME ZONE '${ZONA}') AS recepcion,
         extract(year FROM d.dia)::int AS anio,
         extract(isodow FROM d.dia)::int AS dow
  OFFSET 0
) f
CROSS JOIN LATERAL (
  SELECT 'EXP-' || f.anio || '-' || lpad((
    ($8::int[])[f.anio - $6::int + 1] + r.n - ($7::bigint[])[f.anio - $6::int + 1] + 1)::text, 6, '0') AS numero
  OFFSET 0
) num
CROSS JOIN LATERAL (
  SELECT (CASE
    WHEN now() - f.recepcion < interval '2 days' THEN
      CASE WHEN r.estado < 0.75 THEN 'REGISTRADO' ELSE 'EN_PROCESO' END
    WHEN now() - f.recepcion < interval '10 days' THEN
      CASE WHEN r.estado < 0.15 THEN 'REGISTRADO' WHEN r.estado < 0.20 THEN 'OBSERVADO'
           WHEN r.estado < 0.85 THEN 'EN_PROCESO' ELSE 'ATENDIDO' END
    WHEN now() - f.recepcion < interval '45 days' THEN
      CASE WHEN r.estado < 0.02 THEN 'OBSERVADO' WHEN r.estado < 0.04 THEN 'NO_PRESENTADO'
           WHEN r.estado < 0.45 THEN 'EN_PROCESO' ELSE 'ATENDIDO' END
    ELSE
      CASE WHEN r.estado < 0.03 THEN 'NO_PRESENTADO' WHEN r.estado < 0.10 THEN 'EN_PROCESO'
           WHEN r.estado < 0.40 THEN 'ATENDIDO' ELSE 'ARCHIVADO' END
  END)::documentos.estado_documento AS estado
  OFFSET 0
) e
CROSS JOIN LATERAL (
  SELECT encode(set_byte(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send((extract(epoch FROM f.recepcion) * 1000)::bigint) FROM 3 FOR 6) FROM 1 FOR 6),
    6, 112 + floor(random() * 16)::int), 'hex')::uuid AS id
  OFFSET 0
) ident
CROSS JOIN LATERAL (SELECT sha256($21::bytea || sha256($20::bytea || convert_to(ident.id::text, 'UTF8'))) AS mac OFFSET 0) h
CROSS JOIN LATERAL (
  SELECT ('x' || encode(substring(h.mac FROM 1 FOR 5), 'hex'))::bit(40)::bigint AS alto,
         ('x' || encode(substring(h.mac FROM 6 FOR 5), 'hex'))::bit(40)::bigint AS bajo
  OFFSET 0
) v`;
