/**
 * BullMQ queues of the suite, named as the seed's Celery tasks. One queue per job kind, so each
 * has its own concurrency, metrics and backlog alert. Producers (gateway, documentos,
 * integraciones) and workers (reportes-worker; integraciones-service for the synchronisation
 * queue) import the names and payloads from here.
 */
export const Queues = {
  GENERAR_REPORTE_EXCEL: 'generar_reporte_excel',
  GENERAR_REPORTE_PDF: 'generar_reporte_pdf',
  PROCESAR_ARCHIVO_ADJUNTO: 'procesar_archivo_adjunto',
  ENVIAR_NOTIFICACIONES_MASIVAS: 'enviar_notificaciones_masivas',
  SINCRONIZAR_DOCUMENTO_EXTERNO: 'sincronizar_documento_externo',
  /** PIDE: our cargo of a received exchange, back to its sender. */
  PIDE_CARGO: 'pide_cargo',
  /** PIDE: a document routed to another entity. */
  PIDE_ENVIO: 'pide_envio',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

export type TipoReporte = 'documentos' | 'derivaciones' | 'productividad-areas' | 'tiempos-atencion' | 'vencidos';
export type FormatoReporte = 'xlsx' | 'pdf' | 'csv';

/** generar_reporte_excel / generar_reporte_pdf (csv rides on the Excel queue: both are row streams). */
export interface GenerarReporteJob {
  reporteId: string;
  tipo: TipoReporte;
  formato: FormatoReporte;
  filtros: Record<string, unknown>;
  usuarioId: string;
}

/** procesar_archivo_adjunto: hash, type from content and page count; documentos marks it processed. */
export interface ProcesarArchivoAdjuntoJob {
  archivoId: string;
  documentoId: string;
  storageKey: string;
}

/** enviar_notificaciones_masivas: one message to many recipients, each notified once. */
export interface EnviarNotificacionesMasivasJob {
  titulo: string;
  mensaje: string;
  /** Recipients: user ids, or every user of these areas. */
  usuarioIds?: string[];
  areaIds?: number[];
}

/** sincronizar_documento_externo: one send of one document to one integration, for one event. */
export interface SincronizarDocumentoExternoJob {
  integracionId: string;
  documentoId: string;
  /** documento.registrado | derivacion.creada | documento.atendido | manual */
  evento: string;
}

/**
 * Job ids that make duplicates collapse (BullMQ ignores an add whose id exists). No `:` in it:
 * BullMQ 6 refuses custom ids with colons (its key separator).
 */
export const sincronizacionJobId = (j: SincronizarDocumentoExternoJob): string =>
  `sync/${j.integracionId}/${j.documentoId}/${j.evento}`;
