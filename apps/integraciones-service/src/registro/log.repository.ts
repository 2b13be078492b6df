import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EstadisticasIntegracion, EstadoSync, LogSincronizacionDto, OperacionSync } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';
import { ResultadoCircuito, sqlResultadoCircuito } from '../integraciones/integraciones.repository';

/** One attempt to record. `created_at` is written at millisecond precision, as cursors carry it. */
export interface NuevoLog {
  integracionId: string;
  documentoId: string | null;
  numeroExpediente: string | null;
  operacion: OperacionSync;
  evento: string | null;
  estado: EstadoSync;
  codigoRespuesta: number | null;
  mensajeError: string | null;
  numeroIntento: number;
  proximoReintentoMs: number | null;
  tiempoRespuestaMs: number | null;
  idExterno: string | null;
  enDlq: boolean;
}

export interface LogQuery {
  integracionId: string;
  estado?: EstadoSync;
  operacion?: OperacionSync;
  desde?: Date;
  hasta?: Date;
  soloDlq?: boolean;
  limit: number;
  after?: { createdAt: Date; id: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows, typed by rowToLogDto
type Row = Record<string, any>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function rowToLogDto(r: Row): LogSincronizacionDto {
  return {
    id: String(r.id),
    integracionId: r.integracion_id,
    documentoId: r.documento_id,
    documentoNumeroExpediente: r.documento_numero_expediente,
    operacion: r.operacion,
    evento: r.evento,
    estado: r.estado,
    codigoRespuesta: r.codigo_respuesta,
    mensajeError: r.mensaje_error,
    numeroIntento: r.numero_intento,
    fechaProximoReintento: iso(r.fecha_proximo_reintento),
    tiempoRespuestaMs: r.tiempo_respuesta_ms,
    idExterno: r.id_externo,
    enDlq: r.en_dlq,
    createdAt: (r.created_at as Date).toISOString(),
  };
}

const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

/** The synchronisation log: one row per attempt, listed by keyset and aggregated in one query. */
@Injectable()
export class LogRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /**
   * Records an attempt and, in the same statement, what it tells the circuit (see
   * sqlResultadoCircuito): one round trip per attempt, and the two never disagree.
   */
  async registrar(l: NuevoLog, circuito: ResultadoCircuito = 'neutro'): Promise<string> {
    const conCircuito = circuito !== 'neutro';
    const insert = `INSERT INTO integraciones.log_sincronizacion (integracion_id, documento_id, documento_numero_expediente,
         operacion, evento, estado, codigo_respuesta, mensaje_error, numero_intento, fecha_proximo_reintento,
         tiempo_respuesta_ms, id_externo, en_dlq, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
         CASE WHEN $10::int IS NULL THEN NULL ELSE date_trunc('milliseconds', now()) + $10::int * interval '1 millisecond' END,
         $11, $12, $13, date_trunc('milliseconds', now()))
       RETURNING id`;
    const sql = conCircuito ? `WITH c AS (${sqlResultadoCircuito('$1', '$14')} RETURNING 1) ${insert}` : insert;
    const [row] = await timedDb(conCircuito ? 'integraciones.attempt_record' : 'integraciones.log_insert', () =>
      this.db.query(sql, [
        l.integracionId,
        l.documentoId,
        l.numeroExpediente,
        l.operacion,
        l.evento,
        l.estado,
        l.codigoRespuesta,
        l.mensajeError?.slice(0, 1000) ?? null,
        l.numeroIntento,
        l.proximoReintentoMs,
        l.tiempoRespuestaMs,
        l.idExterno,
        l.enDlq,
        ...(conCircuito ? [circuito] : []),
      ]),
    );
    return String(row.id);
  }

  /** Newest first, keyset on (created_at, id): idx_log_integracion_fecha, or the DLQ's partial index. */
  listar(q: LogQuery): Promise<LogSincronizacionDto[]> {
    const [sql, params] = this.listarSql(q);
    return timedDb(q.soloDlq ? 'integraciones.dlq_list' : 'integraciones.log_list', async () =>
      ((await this.db.query(sql, params)) as Row[]).map(rowToLogDto),
    );
  }

  /** The list's statement, also EXPLAINed by the plan test. */
  listarSql(q: LogQuery): [string, unknown[]] {
    const params: unknown[] = [q.integracionId];
    const where = ['integracion_id = $1'];
    const add = (cond: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(cond(`$${params.length}`));
    };
    if (q.soloDlq) where.push('en_dlq');
    if (q.estado) add((n) => `estado = ${n}`, q.estado);
    if (q.operacion) add((n) => `operacion = ${n}`, q.operacion);
    if (q.desde) add((n) => `created_at >= ${n}`, q.desde);
    if (q.hasta) add((n) => `created_at < ${n}`, q.hasta);
    if (q.after) {
      params.push(q.after.createdAt, q.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(q.limit);
    return [
      `SELECT * FROM integraciones.log_sincronizacion WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    ];
  }

  /** Takes a row out of the DLQ (once: a second replay finds nothing) and answers what to resend. */
  async sacarDeDlq(integracionId: string, logId: string): Promise<{ documentoId: string; evento: string } | null> {
    if (!/^\d{1,18}$/.test(logId)) return null;
    const rows: { documento_id: string; evento: string | null }[] = await timedDb('integraciones.dlq_take', () =>
      this.db.query(
        `UPDATE integraciones.log_sincronizacion SET en_dlq = false
          WHERE id = $2 AND integracion_id = $1 AND en_dlq AND documento_id IS NOT NULL
          RETURNING documento_id, evento`,
        [integracionId, logId],
      ),
    );
    // UPDATE … RETURNING answers [rows, count] through TypeORM's pg driver.
    const r = (Array.isArray(rows[0]) ? rows[0][0] : rows[0]) as
      | { documento_id: string; evento: string | null }
      | undefined;
    return r ? { documentoId: r.documento_id, evento: r.evento ?? 'manual' } : null;
  }

  devolverADlq(logId: string): Promise<unknown> {
    return timedDb('integraciones.dlq_restore', () =>
      this.db.query(`UPDATE integraciones.log_sincronizacion SET en_dlq = true WHERE id = $1`, [logId]),
    );
  }

  /** The latest document registered from (integration, idExterno): idx_log_recepcion_externo. */
  async documentoRecibido(integracionId: string, idExterno: string): Promise<string | null> {
    const rows: { documento_id: string }[] = await timedDb('integraciones.get_received', () =>
      this.db.query(this.documentoRecibidoSql, [integracionId, idExterno]),
    );
    return rows[0]?.documento_id ?? null;
  }

  readonly documentoRecibidoSql = `SELECT documento_id FROM integraciones.log_sincronizacion
    WHERE integracion_id = $1 AND operacion = 'RECEPCION' AND id_externo = $2 AND documento_id IS NOT NULL
    ORDER BY created_at DESC LIMIT 1`;

  /**
   * Statistics of a window in ONE statement: the window's rows are read once (per integration,
   * on idx_log_integracion_fecha) and aggregated with COUNT(*) FILTER and percentile_cont.
   * Latency is of attempts that got an answer; a timeout has no response time worth ranking.
   */
  estadisticasSql(integracionId: string | null): string {
    const fuente = integracionId
      ? `SELECT l.*, NULL::text AS codigo FROM integraciones.log_sincronizacion l
          WHERE l.integracion_id = $3::uuid AND l.created_at >= $1 AND l.created_at < $2`
      : // OFFSET 0 keeps the lateral subquery from being flattened: one index range per integration
        // (integrations are few) instead of a scan of the whole log filtered by date.
        `SELECT l.*, i.codigo FROM integraciones.integracion i
          CROSS JOIN LATERAL (SELECT * FROM integraciones.log_sincronizacion l
            WHERE l.integracion_id = i.id AND l.created_at >= $1 AND l.created_at < $2 OFFSET 0) l`;
    return `WITH w AS MATERIALIZED (${fuente}), e AS (SELECT * FROM w WHERE operacion = 'ENVIO')
      SELECT
        (SELECT count(*)::int FROM e) AS intentos,
        (SELECT count(*) FILTER (WHERE estado = 'EXITOSO')::int FROM e) AS exitosos,
        (SELECT count(*) FILTER (WHERE en_dlq)::int FROM w) AS en_dlq,
        (SELECT count(*) FILTER (WHERE operacion = 'RECEPCION')::int FROM w) AS recepciones,
        (SELECT json_build_object(
           'p50', percentile_cont(0.5) WITHIN GROUP (ORDER BY tiempo_respuesta_ms),
           'p95', percentile_cont(0.95) WITHIN GROUP (ORDER BY tiempo_respuesta_ms),
           'p99', percentile_cont(0.99) WITHIN GROUP (ORDER BY tiempo_respuesta_ms),
           'promedio', avg(tiempo_respuesta_ms))
           FROM e WHERE codigo_respuesta IS NOT NULL AND tiempo_respuesta_ms IS NOT NULL) AS latencia,
        (SELECT coalesce(json_agg(json_build_object('codigoRespuesta', c, 'total', n) ORDER BY n DESC, c), '[]'::json)
           FROM (SELECT codigo_respuesta AS c, count(*)::int AS n FROM e WHERE estado <> 'EXITOSO' GROUP BY 1) f) AS fallos,
        (SELECT coalesce(json_agg(json_build_object('integracionId', integracion_id, 'codigo', codigo, 'intentos', n,
             'exitosos', ok, 'p95Ms', p95) ORDER BY codigo), '[]'::json)
           FROM (SELECT integracion_id, codigo, count(*)::int AS n, count(*) FILTER (WHERE estado = 'EXITOSO')::int AS ok,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY tiempo_respuesta_ms)
                     FILTER (WHERE codigo_respuesta IS NOT NULL AND tiempo_respuesta_ms IS NOT NULL) AS p95
                   FROM e GROUP BY 1, 2) p) AS por_integracion`;
  }

  async estadisticas(
    integracionId: string | null,
    desde: Date,
    hasta: Date,
  ): Promise<
    EstadisticasIntegracion & {
      porIntegracion: {
        integracionId: string;
        codigo: string;
        intentos: number;
        tasaExito: number | null;
        p95Ms: number | null;
      }[];
    }
  > {
    const params: unknown[] = integracionId ? [desde, hasta, integracionId] : [desde, hasta];
    const [r] = await timedDb(integracionId ? 'integraciones.stats' : 'integraciones.stats_all', () =>
      this.db.query(this.estadisticasSql(integracionId), params),
    );
    const lat = r.latencia ?? {};
    return {
      desde: desde.toISOString(),
      hasta: hasta.toISOString(),
      intentos: r.intentos,
      exitosos: r.exitosos,
      fallidos: r.intentos - r.exitosos,
      tasaExito: r.intentos ? Math.round((r.exitosos / r.intentos) * 10000) / 10000 : null,
      latenciaMs: { p50: num(lat.p50), p95: num(lat.p95), p99: num(lat.p99), promedio: num(lat.promedio) },
      fallosPorCodigo: r.fallos,
      enDlq: r.en_dlq,
      recepciones: r.recepciones,
      porIntegracion: (
        r.por_integracion as {
          integracionId: string;
          codigo: string;
          intentos: number;
          exitosos: number;
          p95Ms: number | null;
        }[]
      ).map((p) => ({
        integracionId: p.integracionId,
        codigo: p.codigo,
        intentos: p.intentos,
        tasaExito: p.intentos ? Math.round((p.exitosos / p.intentos) * 10000) / 10000 : null,
        p95Ms: num(p.p95Ms),
      })),
    };
  }
}
