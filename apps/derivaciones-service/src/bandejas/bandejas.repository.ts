import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EstadoDerivacion } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';
import { DerivacionRow, DocumentoRefRow } from '../derivaciones/derivacion.mapper';
import { DOCUMENTOS_REF, documentoVisto, FilaDocumentoRef } from '../documentos-ref/documento-visto';

/** A row of a list, with its sort key as PostgreSQL prints it (microseconds intact) for the cursor. */
export type FilaLista = DerivacionRow & { clave: string };

export interface Despues {
  clave: string;
  id: string;
}

export interface BandejaQuery {
  areaId: number;
  estado?: EstadoDerivacion;
  urgente?: boolean;
  vencidas?: boolean;
  orden: 'recientes' | 'vencimiento';
  limit: number;
  after?: Despues;
}

export interface Conteos {
  pendientes: number;
  recibidas: number;
  atendidas: number;
  rechazadas: number;
  vencidas: number;
}

export interface Tiempos {
  fecha_derivacion: Date;
  fecha_recepcion: Date | null;
  fecha_atencion: Date | null;
}

const ABIERTA = `estado IN ('PENDIENTE', 'RECIBIDO')`;
/** How many recent derivations the average times are computed over (in business hours, in code). */
export const MUESTRA_TIEMPOS = 500;
/** A route sheet longer than this is not a real document's. */
const MAX_HOJA_DE_RUTA = 1000;

/**
 * The trays' statements. Each is a keyset page over one index (see the migration
 * 1795328000030 and the plan tests): newest first over (area, [estado,] fecha, id), earliest
 * deadline first over the partial index of open derivations.
 */
export function bandejaQuery(q: BandejaQuery): [string, unknown[]] {
  const params: unknown[] = [q.areaId, q.limit];
  const where = ['area_destino_id = $1'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.estado) where.push(`estado = ${p(q.estado)}::derivaciones.estado_derivacion`);
  if (q.urgente !== undefined) where.push(`es_urgente = ${p(q.urgente)}`);
  if (q.vencidas) where.push(ABIERTA, 'fecha_limite_atencion < now()');
  if (q.orden === 'vencimiento') {
    where.push(ABIERTA, 'fecha_limite_atencion IS NOT NULL');
    if (q.after) where.push(`(fecha_limite_atencion, id) > (${p(q.after.clave)}::timestamptz, ${p(q.after.id)}::uuid)`);
    return [
      `SELECT *, fecha_limite_atencion::text AS clave FROM derivaciones.derivacion
        WHERE ${where.join(' AND ')} ORDER BY fecha_limite_atencion, id LIMIT $2`,
      params,
    ];
  }
  if (q.after) where.push(`(fecha_derivacion, id) < (${p(q.after.clave)}::timestamptz, ${p(q.after.id)}::uuid)`);
  return [
    `SELECT *, fecha_derivacion::text AS clave FROM derivaciones.derivacion
      WHERE ${where.join(' AND ')} ORDER BY fecha_derivacion DESC, id DESC LIMIT $2`,
    params,
  ];
}

/** A user's pending work: what waits in their office to be received, and what they received and must attend. */
export function pendientesUsuarioQuery(
  usuarioId: string,
  areaId: number | null,
  limit: number,
  after?: Despues,
): [string, unknown[]] {
  const params: unknown[] = [usuarioId, areaId, limit];
  let keyset = '';
  if (after) {
    params.push(after.clave, after.id);
    keyset = 'AND (fecha_derivacion, id) < ($4::timestamptz, $5::uuid)';
  }
  const parte = (where: string) =>
    `(SELECT *, fecha_derivacion::text AS clave FROM derivaciones.derivacion
       WHERE ${where} ${keyset} ORDER BY fecha_derivacion DESC, id DESC LIMIT $3)`;
  return [
    `SELECT * FROM (${parte(`area_destino_id = $2::int AND estado = 'PENDIENTE'`)}
       UNION ALL ${parte(`usuario_recibe_id = $1::uuid AND estado = 'RECIBIDO'`)}) p
      ORDER BY fecha_derivacion DESC, id DESC LIMIT $3`,
    params,
  ];
}

/** Open derivations past their deadline, most overdue first: one office's, or every office's. */
export function vencidasQuery(areaId: number | null, limit: number, after?: Despues): [string, unknown[]] {
  const params: unknown[] = [limit];
  const where = [ABIERTA, 'fecha_limite_atencion < now()'];
  if (areaId !== null) {
    params.push(areaId);
    where.push(`area_destino_id = $${params.length}`);
  }
  if (after) {
    params.push(after.clave, after.id);
    where.push(`(fecha_limite_atencion, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  return [
    `SELECT *, fecha_limite_atencion::text AS clave FROM derivaciones.derivacion
      WHERE ${where.join(' AND ')} ORDER BY fecha_limite_atencion, id LIMIT $1`,
    params,
  ];
}

/** An office's counts in one statement: states over (area, estado, …), overdue over the open-deadline index. */
export const CONTEOS_AREA = `
  SELECT count(*) FILTER (WHERE estado = 'PENDIENTE')::int AS pendientes,
         count(*) FILTER (WHERE estado = 'RECIBIDO')::int AS recibidas,
         count(*) FILTER (WHERE estado = 'ATENDIDO')::int AS atendidas,
         count(*) FILTER (WHERE estado = 'RECHAZADO')::int AS rechazadas,
         (SELECT count(*)::int FROM derivaciones.derivacion v
           WHERE v.area_destino_id = $1 AND v.${ABIERTA} AND v.fecha_limite_atencion < now()) AS vencidas
    FROM derivaciones.derivacion WHERE area_destino_id = $1`;

/** The office's latest received derivations, for the average times. */
export const TIEMPOS_AREA = `
  SELECT fecha_derivacion, fecha_recepcion, fecha_atencion FROM derivaciones.derivacion
   WHERE area_destino_id = $1 AND fecha_recepcion IS NOT NULL
   ORDER BY fecha_derivacion DESC, id DESC LIMIT $2`;

/** Open derivations per office, for the gauge (over the partial index of open derivations). */
export const PENDIENTES_POR_AREA = `
  SELECT area_destino_id AS area, count(*) FILTER (WHERE estado = 'PENDIENTE')::int AS pendientes,
         count(*) FILTER (WHERE fecha_limite_atencion < now())::int AS vencidas
    FROM derivaciones.derivacion WHERE ${ABIERTA} GROUP BY area_destino_id`;

/** The read side of derivations: trays, route sheets, statistics. */
@Injectable()
export class BandejasRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  bandeja(q: BandejaQuery): Promise<FilaLista[]> {
    const [sql, params] = bandejaQuery(q);
    return timedDb(q.orden === 'vencimiento' ? 'derivaciones.tray_by_deadline' : 'derivaciones.tray', () =>
      this.db.query(sql, params),
    );
  }

  pendientesUsuario(usuarioId: string, areaId: number | null, limit: number, after?: Despues): Promise<FilaLista[]> {
    const [sql, params] = pendientesUsuarioQuery(usuarioId, areaId, limit, after);
    return timedDb('derivaciones.pending_by_user', () => this.db.query(sql, params));
  }

  vencidas(areaId: number | null, limit: number, after?: Despues): Promise<FilaLista[]> {
    const [sql, params] = vencidasQuery(areaId, limit, after);
    return timedDb('derivaciones.overdue', () => this.db.query(sql, params));
  }

  hojaDeRuta(documentoId: string): Promise<DerivacionRow[]> {
    return timedDb('derivaciones.route_sheet', () =>
      this.db.query(
        `SELECT * FROM derivaciones.derivacion WHERE documento_id = $1
          ORDER BY fecha_derivacion, es_copia, numero_derivacion LIMIT $2`,
        [documentoId, MAX_HOJA_DE_RUTA],
      ),
    );
  }

  /** The document as derivaciones sees it (see documentoVisto). */
  documento(documentoId: string): Promise<DocumentoRefRow | undefined> {
    return timedDb('derivaciones.ref_get', () =>
      this.db.query(`${DOCUMENTOS_REF} WHERE r.documento_id = $1`, [documentoId]),
    ).then((r: FilaDocumentoRef[]) => r[0] && documentoVisto(r[0]));
  }

  async conteos(areaId: number): Promise<Conteos> {
    const rows: Conteos[] = await timedDb('derivaciones.stats_area', () => this.db.query(CONTEOS_AREA, [areaId]));
    return rows[0];
  }

  tiempos(areaId: number): Promise<Tiempos[]> {
    return timedDb('derivaciones.stats_area_times', () => this.db.query(TIEMPOS_AREA, [areaId, MUESTRA_TIEMPOS]));
  }

  pendientesPorArea(): Promise<{ area: number; pendientes: number; vencidas: number }[]> {
    return timedDb('derivaciones.pending_by_area', () => this.db.query(PENDIENTES_POR_AREA));
  }
}
