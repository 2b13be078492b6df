import { Actor } from './auth.contract';
import { DocumentoDto } from './documentos.contract';
import { EstadoDocumento, Prioridad } from './enums';
import { Page } from './pagination';

/** Read-only views over the documents: search, one case by number, statistics, overdue tray. */
export const DocumentosConsultasPatterns = {
  BUSCAR: 'documentos.buscar',
  POR_EXPEDIENTE: 'documentos.por_expediente',
  ESTADISTICAS: 'documentos.estadisticas',
  VENCIDOS: 'documentos.vencidos',
} as const;

export const DocumentosConsultasErrors = {
  RANGO_FECHAS_INVALIDO: 'RANGO_FECHAS_INVALIDO',
} as const;

/** Longest statistics range, in days: bounds the work one request can ask of the database. */
export const MAX_DIAS_ESTADISTICAS = 366;
/** "Due soon" means a deadline within this many business days from now. */
export const DIAS_HABILES_POR_VENCER = 3;

export interface BuscarDocumentosRequest {
  actor: Actor;
  q: string;
  limit?: number;
  cursor?: string;
}

export interface ObtenerPorExpedienteRequest {
  actor: Actor;
  numeroExpediente: string;
}

export interface EstadisticasRequest {
  actor: Actor;
  /** Lima dates YYYY-MM-DD, both inclusive; default the last 30 days up to today. */
  fechaDesde?: string;
  fechaHasta?: string;
}

export interface ConteoPor<K> {
  clave: K;
  total: number;
}

export interface EstadisticasDto {
  fechaDesde: string;
  fechaHasta: string;
  /** AREA users: their office; otherwise null (every office). */
  areaId: number | null;
  /** Documents legally received in the range. */
  total: number;
  porEstado: ConteoPor<EstadoDocumento>[];
  porPrioridad: ConteoPor<Prioridad>[];
  /** null clave: not yet assigned to an office. */
  porArea: ConteoPor<number | null>[];
  porTipo: ConteoPor<number>[];
  /** Every day of the range, zeros included. */
  porDia: { fecha: string; total: number }[];
  /** Open documents (REGISTRADO, EN_PROCESO, OBSERVADO) past their deadline now, whenever received. */
  vencidos: number;
  /** Open documents due from now up to the end of the 3rd business day ahead. */
  porVencer: number;
  /** The due-soon limit used (end of that business day, Lima). */
  porVencerHasta: string;
  generadoEn: string;
}

export interface VencidosRequest {
  actor: Actor;
  areaId?: number;
  limit?: number;
  cursor?: string;
}

export interface DocumentoVencidoDto extends DocumentoDto {
  fechaLimite: string;
  vencido: boolean;
  /** Business days since the deadline (present when vencido). */
  diasVencido?: number;
  /** Business days left until the deadline (present when not vencido). */
  diasRestantes?: number;
}

export type DocumentosVencidosPage = Page<DocumentoVencidoDto>;
