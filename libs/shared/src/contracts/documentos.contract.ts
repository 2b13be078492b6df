import { Actor, ClaveIdempotencia } from './auth.contract';
import type { ResumenFirmas } from './documentos-archivos.contract';
import { EstadoDocumento, Prioridad } from './enums';
import { Page } from './pagination';

export const DocumentosPatterns = {
  AREAS_LISTAR: 'catalogos.areas.listar',
  TIPOS_LISTAR: 'catalogos.tipos.listar',
  REGISTRAR: 'documentos.registrar',
  OBTENER: 'documentos.obtener',
  /** OBTENER plus what only the detail route shows (the signatures of its attachments). */
  DETALLE: 'documentos.detalle',
  LISTAR: 'documentos.listar',
} as const;

/**
 * The cache namespace under which documentos-service keeps each document's DocumentoDto (null
 * for an unknown id), keyed by id, and deletes it after every change of the document. Part of
 * its read contract: the gateway reads these entries, never writes them, and answers a detail
 * without the bus when one is there (scoped to the caller's office as documentos-service does).
 */
export const DOCUMENTO_DETALLE_CACHE = 'documento';

export const DocumentosErrors = {
  DOCUMENTO_NOT_FOUND: 'DOCUMENTO_NOT_FOUND',
  TIPO_DOCUMENTO_INVALIDO: 'TIPO_DOCUMENTO_INVALIDO',
  AREA_INVALIDA: 'AREA_INVALIDA',
  CURSOR_INVALIDO: 'CURSOR_INVALIDO',
} as const;

export interface AreaDto {
  id: number;
  codigo: string;
  nombre: string;
  activa: boolean;
}

export interface TipoDocumentoDto {
  id: number;
  codigo: string;
  nombre: string;
  plazoDias: number;
  activo: boolean;
}

export interface DocumentoDto {
  id: string;
  numeroExpediente: string;
  tipoDocumentoId: number;
  numeroDocumentoExterno: string | null;
  remitente: string;
  asunto: string;
  numeroFolios: number;
  tieneAnexos: boolean;
  prioridad: Prioridad;
  estado: EstadoDocumento;
  /** When it was filed (any hour). */
  fechaPresentacion: string;
  /** The legal reception date (filings after the cutoff count on the next business day). */
  fechaRecepcion: string;
  fechaLimite: string | null;
  areaActualId: number | null;
  usuarioRegistroId: string | null;
  expedienteRelacionadoId: string | null;
  etiquetas: string[];
  observaciones: string | null;
  origenExterno: string | null;
  idExterno: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Answer of DETALLE. */
export interface DocumentoDetalleDto extends DocumentoDto {
  firmas: ResumenFirmas;
}

export interface RegistrarDocumentoInput {
  tipoDocumentoId: number;
  remitente: string;
  asunto: string;
  numeroFolios: number;
  prioridad: Prioridad;
  numeroDocumentoExterno?: string;
  tieneAnexos?: boolean;
  areaActualId?: number;
  expedienteRelacionadoId?: string;
  etiquetas?: string[];
  observaciones?: string;
  origenExterno?: string;
  idExterno?: string;
}

export interface RegistrarDocumentoRequest {
  actor: Actor;
  documento: RegistrarDocumentoInput;
  idempotencia?: ClaveIdempotencia;
}

export interface ObtenerDocumentoRequest {
  actor: Actor;
  id: string;
}

export interface ListarDocumentosFiltros {
  estado?: EstadoDocumento;
  prioridad?: Prioridad;
  areaActualId?: number;
  tipoDocumentoId?: number;
  fechaDesde?: string;
  fechaHasta?: string;
  limit?: number;
  cursor?: string;
}

export interface ListarDocumentosRequest {
  actor: Actor;
  filtros: ListarDocumentosFiltros;
}

export type DocumentosPage = Page<DocumentoDto>;

/** Payload of `documento.registrado`. */
export interface DocumentoRegistradoEvent {
  id: string;
  numeroExpediente: string;
  asunto: string;
  estado: EstadoDocumento;
  areaActualId: number | null;
  prioridad: Prioridad;
  fechaRecepcion: string;
  fechaLimite: string | null;
  origenExterno: string | null;
  idExterno: string | null;
}
