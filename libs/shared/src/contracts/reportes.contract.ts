import type { Actor, ClaveIdempotencia } from './auth.contract';
import type { FormatoReporte, TipoReporte } from './jobs.contract';
import type { Page } from './pagination';

/**
 * Reports and their tasks: reportes-worker owns the `reportes.reporte` rows and the queues; the
 * gateway asks it over the bus. The task id is the report's id and the queue's job id.
 */
export const ReportesPatterns = {
  /** Queue a report; the same request within the window answers the same task. */
  SOLICITAR: 'reportes.solicitar',
  /** Where the finished file is, for the requester, ADMIN or AUDITOR only. */
  DESCARGA: 'reportes.descarga',
  OBTENER_TAREA: 'tareas.obtener',
  LISTAR_TAREAS: 'tareas.listar',
  /** A waiting task is removed; an active one stops at its next checkpoint. */
  CANCELAR_TAREA: 'tareas.cancelar',
} as const;

export const TIPOS_REPORTE: readonly TipoReporte[] = ['documentos', 'derivaciones', 'productividad-areas', 'tiempos-atencion', 'vencidos'];
export const FORMATOS_REPORTE: readonly FormatoReporte[] = ['xlsx', 'pdf', 'csv'];

export type EstadoTarea = 'waiting' | 'active' | 'completed' | 'failed' | 'cancelled';

/** What a report covers; every field optional. AREA users always get their own office. */
export type FiltrosReporte = {
  /** YYYY-MM-DD (Lima), inclusive: the document's legal reception date, or the derivation's date. */
  desde?: string;
  hasta?: string;
  areaId?: number;
  /** A document state (documentos, vencidos) or a derivation state (derivaciones). */
  estado?: string;
  tipoDocumentoId?: number;
  prioridad?: string;
};

export interface SolicitarReporteRequest {
  actor: Actor;
  tipo: TipoReporte;
  formato: FormatoReporte;
  filtros: FiltrosReporte;
  idempotencia?: ClaveIdempotencia;
}

export interface SolicitarReporteReply {
  id: string;
  estado: EstadoTarea;
  /** False when an identical request within the window already had this task. */
  nueva: boolean;
}

export interface TareaDto {
  id: string;
  tipo: TipoReporte;
  formato: FormatoReporte;
  estado: EstadoTarea;
  /** 0–100. */
  progreso: number;
  /** Attempts started so far. */
  intentos: number;
  creadoEn: string;
  iniciadoEn: string | null;
  terminadoEn: string | null;
  error: string | null;
  /** Rows written, once completed. */
  filas: number | null;
  /** When the file is deleted, once completed. */
  expiraEn: string | null;
}

export interface ObtenerTareaRequest {
  actor: Actor;
  id: string;
}

export interface ListarTareasRequest {
  actor: Actor;
  limit?: number;
  cursor?: string;
}

export type TareasPage = Page<TareaDto>;

export type CancelarTareaRequest = ObtenerTareaRequest;
export type DescargaReporteRequest = ObtenerTareaRequest;

export interface DescargaReporteReply {
  storageKey: string;
  nombreArchivo: string;
  contentType: string;
  tamano: number;
}

export const ReportesErrors = {
  /** Unknown id, or a task of someone else (never revealed). */
  TAREA_NOT_FOUND: 'TAREA_NOT_FOUND',
  /** The task has not produced a file (still running, failed or cancelled). */
  REPORTE_NO_DISPONIBLE: 'REPORTE_NO_DISPONIBLE',
  /** The file was deleted after its expiry. */
  REPORTE_EXPIRADO: 'REPORTE_EXPIRADO',
  /** Cancelling a task that already ended. */
  TAREA_TERMINADA: 'TAREA_TERMINADA',
} as const;

export const CONTENT_TYPES_REPORTE: Record<FormatoReporte, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

/** Bulk notifications, queued at reportes-worker (the job fans out to derivaciones-service). */
export const NotificacionesMasivasPatterns = {
  ENCOLAR: 'notificaciones_masivas.encolar',
} as const;

export interface EncolarNotificacionesMasivasRequest {
  actor: Actor;
  /** The caller's id for this send: the same id queues one job however often it is sent. */
  loteId?: string;
  titulo: string;
  mensaje: string;
  usuarioIds?: string[];
  areaIds?: number[];
}

export interface EncolarNotificacionesMasivasReply {
  /** The job id (`masiva-<loteId>`). */
  id: string;
  destinatarios: number;
}
