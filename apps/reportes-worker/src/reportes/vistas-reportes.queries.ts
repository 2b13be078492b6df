import type { FiltrosReporte, TipoReporte } from '@mesa/shared/contracts';

/**
 * What each report reads. Reports are the design's exception to "ask the owner over the bus":
 * a 100,000-row report cannot travel as bus pages, so reportes-worker reads documentos' and
 * derivaciones' data directly, with raw streamed SELECTs in READ ONLY transactions (run by
 * vistas-reportes.repository.ts), but only through the views their owners define for it
 * (`reportes_*`, migration VistasReportes), never their tables. It never writes outside its own
 * schema `reportes`. The statements are built here, per report; only the repository runs them.
 */
export interface Sentencia {
  sql: string;
  params: unknown[];
}

type TipoColumna = 'texto' | 'numero' | 'fecha';

export interface Columna {
  /** Column of the query's rows. */
  clave: string;
  titulo: string;
  tipo: TipoColumna;
  /** Width in characters (Excel) and share of the page (PDF tables). */
  ancho: number;
  /** Summed into the totals of the summary sheet. */
  sumar?: boolean;
}

/** A label and a figure: summary tables and bar charts. */
export interface Cifra {
  etiqueta: string;
  valor: number;
}

export interface FuenteReporte {
  titulo: string;
  columnas: Columna[];
  /** The rows, in a stable order (streamed). */
  filas(f: FiltrosReporte): Sentencia;
  /** Rows are counted by this column's values in the summary (e.g. state). */
  agruparPor?: string;
  /** What the per-office and per-day figures count. */
  medida: string;
  porArea(f: FiltrosReporte): Sentencia;
  porDia(f: FiltrosReporte): Sentencia;
  /** Few rows (one per office): the PDF lists them in full. */
  detalleEnPdf: boolean;
}

const ZONA = `'America/Lima'`;

/** Builds a WHERE clause with numbered parameters. */
class Condiciones {
  readonly partes: string[] = [];
  readonly params: unknown[] = [];

  add(sql: (p: string) => string, valor: unknown): this {
    if (valor === undefined || valor === null || valor === '') return this;
    this.params.push(valor);
    this.partes.push(sql(`$${this.params.length}`));
    return this;
  }

  /** A Lima date range on a timestamptz column: [desde 00:00, hasta + 1 day 00:00). */
  rango(columna: string, f: FiltrosReporte): this {
    this.add((p) => `${columna} >= (${p}::date)::timestamp AT TIME ZONE ${ZONA}`, f.desde);
    return this.add((p) => `${columna} < (${p}::date + 1)::timestamp AT TIME ZONE ${ZONA}`, f.hasta);
  }

  extra(sql: string): this {
    this.partes.push(sql);
    return this;
  }

  where(): string {
    return this.partes.length ? `WHERE ${this.partes.join(' AND ')}` : '';
  }
}

const ABIERTO = `d.estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO')`;

function condicionesDocumentos(f: FiltrosReporte): Condiciones {
  return new Condiciones()
    .rango('d.fecha_recepcion', f)
    .add((p) => `d.area_actual_id = ${p}`, f.areaId)
    .add((p) => `d.estado = ${p}::documentos.estado_documento`, f.estado)
    .add((p) => `d.tipo_documento_id = ${p}`, f.tipoDocumentoId)
    .add((p) => `d.prioridad = ${p}::documentos.prioridad`, f.prioridad);
}

function condicionesVencidos(f: FiltrosReporte): Condiciones {
  // The partial index idx_documento_vencimiento holds exactly the open documents.
  return condicionesDocumentos({ ...f, desde: undefined, hasta: undefined })
    .extra(ABIERTO)
    .extra('d.fecha_limite < now()')
    .rango('d.fecha_limite', f);
}

function condicionesDerivaciones(f: FiltrosReporte, alias = 'v'): Condiciones {
  return new Condiciones()
    .rango(`${alias}.fecha_derivacion`, f)
    .add((p) => `${alias}.area_destino_id = ${p}`, f.areaId)
    .add((p) => `${alias}.estado = ${p}::derivaciones.estado_derivacion`, f.estado);
}

/** Counts per office of `tabla` rows matching `c`, every office listed (zeros too). */
function porArea(c: Condiciones, desde: string, columnaArea: string, valor = 'count(*)'): Sentencia {
  return {
    sql: `SELECT a.nombre AS etiqueta, coalesce(x.valor, 0)::float8 AS valor
            FROM documentos.reportes_area a
            LEFT JOIN (SELECT ${columnaArea} AS area_id, ${valor} AS valor FROM ${desde} ${c.where()} GROUP BY 1) x ON x.area_id = a.id
           WHERE a.activa OR x.valor IS NOT NULL
           ORDER BY a.nombre`,
    params: c.params,
  };
}

function porDia(c: Condiciones, desde: string, columnaFecha: string, valor = 'count(*)'): Sentencia {
  return {
    sql: `SELECT to_char((${columnaFecha} AT TIME ZONE ${ZONA})::date, 'YYYY-MM-DD') AS etiqueta, ${valor}::float8 AS valor
            FROM ${desde} ${c.where()} GROUP BY 1 ORDER BY 1`,
    params: c.params,
  };
}

const DOCUMENTO = 'documentos.reportes_documento d';
const DERIVACION = 'derivaciones.reportes_derivacion v';
const HORAS_ATENCION = `extract(epoch FROM v.fecha_atencion - v.fecha_derivacion) / 3600`;

const documentos: FuenteReporte = {
  titulo: 'Documentos registrados',
  medida: 'Documentos',
  detalleEnPdf: false,
  agruparPor: 'estado',
  columnas: [
    { clave: 'numero_expediente', titulo: 'Expediente', tipo: 'texto', ancho: 18 },
    { clave: 'fecha_recepcion', titulo: 'Recepción', tipo: 'fecha', ancho: 18 },
    { clave: 'estado', titulo: 'Estado', tipo: 'texto', ancho: 14 },
    { clave: 'prioridad', titulo: 'Prioridad', tipo: 'texto', ancho: 10 },
    { clave: 'tipo_documento', titulo: 'Tipo', tipo: 'texto', ancho: 22 },
    { clave: 'area', titulo: 'Área actual', tipo: 'texto', ancho: 28 },
    { clave: 'remitente', titulo: 'Remitente', tipo: 'texto', ancho: 30 },
    { clave: 'asunto', titulo: 'Asunto', tipo: 'texto', ancho: 50 },
    { clave: 'numero_folios', titulo: 'Folios', tipo: 'numero', ancho: 8, sumar: true },
    { clave: 'fecha_limite', titulo: 'Fecha límite', tipo: 'fecha', ancho: 18 },
  ],
  filas(f) {
    const c = condicionesDocumentos(f);
    return {
      sql: `SELECT d.numero_expediente, d.fecha_recepcion, d.estado::text AS estado, d.prioridad::text AS prioridad,
                   t.nombre AS tipo_documento, a.nombre AS area, d.remitente, d.asunto, d.numero_folios, d.fecha_limite
              FROM ${DOCUMENTO}
              JOIN documentos.reportes_tipo_documento t ON t.id = d.tipo_documento_id
              LEFT JOIN documentos.reportes_area a ON a.id = d.area_actual_id
              ${c.where()}
             ORDER BY d.fecha_recepcion, d.id`,
      params: c.params,
    };
  },
  porArea: (f) => porArea(condicionesDocumentos(f), DOCUMENTO, 'd.area_actual_id'),
  porDia: (f) => porDia(condicionesDocumentos(f), DOCUMENTO, 'd.fecha_recepcion'),
};

const derivaciones: FuenteReporte = {
  titulo: 'Derivaciones',
  medida: 'Derivaciones',
  detalleEnPdf: false,
  agruparPor: 'estado',
  columnas: [
    { clave: 'numero_derivacion', titulo: 'Derivación', tipo: 'texto', ancho: 16 },
    { clave: 'numero_expediente', titulo: 'Expediente', tipo: 'texto', ancho: 18 },
    { clave: 'asunto', titulo: 'Asunto', tipo: 'texto', ancho: 50 },
    { clave: 'area_origen', titulo: 'Área origen', tipo: 'texto', ancho: 28 },
    { clave: 'area_destino', titulo: 'Área destino', tipo: 'texto', ancho: 28 },
    { clave: 'estado', titulo: 'Estado', tipo: 'texto', ancho: 12 },
    { clave: 'fecha_derivacion', titulo: 'Derivada', tipo: 'fecha', ancho: 18 },
    { clave: 'fecha_recepcion', titulo: 'Recibida', tipo: 'fecha', ancho: 18 },
    { clave: 'fecha_atencion', titulo: 'Atendida', tipo: 'fecha', ancho: 18 },
    { clave: 'fecha_limite_atencion', titulo: 'Plazo', tipo: 'fecha', ancho: 18 },
    { clave: 'es_urgente', titulo: 'Urgente', tipo: 'texto', ancho: 8 },
  ],
  filas(f) {
    const c = condicionesDerivaciones(f);
    return {
      sql: `SELECT v.numero_derivacion, v.numero_expediente, v.asunto, ao.nombre AS area_origen, ad.nombre AS area_destino,
                   v.estado::text AS estado, v.fecha_derivacion, v.fecha_recepcion, v.fecha_atencion, v.fecha_limite_atencion,
                   CASE WHEN v.es_urgente THEN 'Sí' ELSE 'No' END AS es_urgente
              FROM ${DERIVACION}
              LEFT JOIN documentos.reportes_area ao ON ao.id = v.area_origen_id
              LEFT JOIN documentos.reportes_area ad ON ad.id = v.area_destino_id
              ${c.where()}
             ORDER BY v.fecha_derivacion, v.id`,
      params: c.params,
    };
  },
  porArea: (f) => porArea(condicionesDerivaciones(f), DERIVACION, 'v.area_destino_id'),
  porDia: (f) => porDia(condicionesDerivaciones(f), DERIVACION, 'v.fecha_derivacion'),
};

/** One row per office: the derivations it received in the period and what became of them. */
const productividad: FuenteReporte = {
  titulo: 'Productividad por área',
  medida: 'Derivaciones atendidas',
  detalleEnPdf: true,
  columnas: [
    { clave: 'area', titulo: 'Área', tipo: 'texto', ancho: 30 },
    { clave: 'recibidas', titulo: 'Recibidas', tipo: 'numero', ancho: 11, sumar: true },
    { clave: 'atendidas', titulo: 'Atendidas', tipo: 'numero', ancho: 11, sumar: true },
    { clave: 'rechazadas', titulo: 'Rechazadas', tipo: 'numero', ancho: 11, sumar: true },
    { clave: 'pendientes', titulo: 'Pendientes', tipo: 'numero', ancho: 11, sumar: true },
    { clave: 'vencidas', titulo: 'Vencidas', tipo: 'numero', ancho: 10, sumar: true },
    { clave: 'horas_promedio', titulo: 'Horas prom.', tipo: 'numero', ancho: 11 },
  ],
  filas(f) {
    const c = condicionesDerivaciones({ ...f, areaId: undefined });
    const area = new Condiciones().add((p) => `a.id = ${p}`, f.areaId);
    return {
      sql: `SELECT a.nombre AS area,
                   coalesce(x.recibidas, 0)::int AS recibidas, coalesce(x.atendidas, 0)::int AS atendidas,
                   coalesce(x.rechazadas, 0)::int AS rechazadas, coalesce(x.pendientes, 0)::int AS pendientes,
                   coalesce(x.vencidas, 0)::int AS vencidas, round(x.horas_promedio::numeric, 1)::float8 AS horas_promedio
              FROM documentos.reportes_area a
              LEFT JOIN (
                SELECT v.area_destino_id AS area_id, count(*) AS recibidas,
                       count(*) FILTER (WHERE v.estado = 'ATENDIDO') AS atendidas,
                       count(*) FILTER (WHERE v.estado = 'RECHAZADO') AS rechazadas,
                       count(*) FILTER (WHERE v.estado IN ('PENDIENTE', 'RECIBIDO')) AS pendientes,
                       count(*) FILTER (WHERE v.estado IN ('PENDIENTE', 'RECIBIDO') AND v.fecha_limite_atencion < now()) AS vencidas,
                       avg(${HORAS_ATENCION}) FILTER (WHERE v.estado = 'ATENDIDO') AS horas_promedio
                  FROM ${DERIVACION} ${c.where()} GROUP BY 1
              ) x ON x.area_id = a.id
             ${reindexar(area, c.params.length).where()}
             ORDER BY a.nombre`,
      params: [...c.params, ...area.params],
    };
  },
  porArea: (f) => porArea(condicionesDerivaciones(f).extra(`v.estado = 'ATENDIDO'`), DERIVACION, 'v.area_destino_id'),
  porDia: (f) => porDia(condicionesDerivaciones(f).extra(`v.estado = 'ATENDIDO'`), DERIVACION, 'v.fecha_atencion'),
};

/** One row per office: how long attended derivations took, in hours, and how many within their term. */
const tiempos: FuenteReporte = {
  titulo: 'Tiempos de atención',
  medida: 'Horas promedio de atención',
  detalleEnPdf: true,
  columnas: [
    { clave: 'area', titulo: 'Área', tipo: 'texto', ancho: 30 },
    { clave: 'atendidas', titulo: 'Atendidas', tipo: 'numero', ancho: 11, sumar: true },
    { clave: 'horas_promedio', titulo: 'Promedio (h)', tipo: 'numero', ancho: 12 },
    { clave: 'horas_mediana', titulo: 'Mediana (h)', tipo: 'numero', ancho: 12 },
    { clave: 'horas_p90', titulo: 'P90 (h)', tipo: 'numero', ancho: 10 },
    { clave: 'horas_maximo', titulo: 'Máximo (h)', tipo: 'numero', ancho: 11 },
    { clave: 'en_plazo', titulo: 'En plazo', tipo: 'numero', ancho: 10, sumar: true },
  ],
  filas(f) {
    const c = condicionesDerivaciones({ ...f, estado: undefined }).extra(`v.estado = 'ATENDIDO'`);
    return {
      sql: `SELECT ad.nombre AS area, count(*)::int AS atendidas,
                   round(avg(${HORAS_ATENCION})::numeric, 1)::float8 AS horas_promedio,
                   round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HORAS_ATENCION}))::numeric, 1)::float8 AS horas_mediana,
                   round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ${HORAS_ATENCION}))::numeric, 1)::float8 AS horas_p90,
                   round(max(${HORAS_ATENCION})::numeric, 1)::float8 AS horas_maximo,
                   count(*) FILTER (WHERE v.fecha_limite_atencion IS NULL OR v.fecha_atencion <= v.fecha_limite_atencion)::int AS en_plazo
              FROM ${DERIVACION}
              JOIN documentos.reportes_area ad ON ad.id = v.area_destino_id
              ${c.where()}
             GROUP BY ad.id, ad.nombre
             ORDER BY ad.nombre`,
      params: c.params,
    };
  },
  porArea: (f) =>
    porArea(condicionesDerivaciones({ ...f, estado: undefined }).extra(`v.estado = 'ATENDIDO'`), DERIVACION, 'v.area_destino_id', `round(avg(${HORAS_ATENCION})::numeric, 1)`),
  porDia: (f) =>
    porDia(condicionesDerivaciones({ ...f, estado: undefined }).extra(`v.estado = 'ATENDIDO'`), DERIVACION, 'v.fecha_atencion', `round(avg(${HORAS_ATENCION})::numeric, 1)`),
};

/** Open documents past their deadline (desde/hasta bound the deadline). */
const vencidos: FuenteReporte = {
  titulo: 'Documentos vencidos',
  medida: 'Documentos vencidos',
  detalleEnPdf: false,
  agruparPor: 'prioridad',
  columnas: [
    { clave: 'numero_expediente', titulo: 'Expediente', tipo: 'texto', ancho: 18 },
    { clave: 'fecha_limite', titulo: 'Fecha límite', tipo: 'fecha', ancho: 18 },
    { clave: 'dias_vencido', titulo: 'Días vencido', tipo: 'numero', ancho: 12 },
    { clave: 'estado', titulo: 'Estado', tipo: 'texto', ancho: 14 },
    { clave: 'prioridad', titulo: 'Prioridad', tipo: 'texto', ancho: 10 },
    { clave: 'area', titulo: 'Área actual', tipo: 'texto', ancho: 28 },
    { clave: 'remitente', titulo: 'Remitente', tipo: 'texto', ancho: 30 },
    { clave: 'asunto', titulo: 'Asunto', tipo: 'texto', ancho: 50 },
  ],
  filas(f) {
    const c = condicionesVencidos(f);
    return {
      sql: `SELECT d.numero_expediente, d.fecha_limite, floor(extract(epoch FROM now() - d.fecha_limite) / 86400)::int AS dias_vencido,
                   d.estado::text AS estado, d.prioridad::text AS prioridad, a.nombre AS area, d.remitente, d.asunto
              FROM ${DOCUMENTO}
              LEFT JOIN documentos.reportes_area a ON a.id = d.area_actual_id
              ${c.where()}
             ORDER BY d.fecha_limite, d.id`,
      params: c.params,
    };
  },
  porArea: (f) => porArea(condicionesVencidos(f), DOCUMENTO, 'd.area_actual_id'),
  porDia: (f) => porDia(condicionesVencidos(f), DOCUMENTO, 'd.fecha_limite'),
};

/** Renumbers a clause's parameters after `desplazamiento` earlier ones. */
function reindexar(c: Condiciones, desplazamiento: number): Condiciones {
  const r = new Condiciones();
  r.params.push(...c.params);
  r.partes.push(...c.partes.map((p) => p.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + desplazamiento}`)));
  return r;
}

export const FUENTES: Record<TipoReporte, FuenteReporte> = {
  documentos,
  derivaciones,
  'productividad-areas': productividad,
  'tiempos-atencion': tiempos,
  vencidos,
};
