import { Actor } from './auth.contract';
import { DocumentoDto } from './documentos.contract';
import { EstadoDocumento, Prioridad } from './enums';
import { Page } from './pagination';

/** Changes, state actions, history and the holiday table of documentos-service. */
export const DocumentosTramitePatterns = {
  EDITAR: 'documentos.editar',
  OBSERVAR: 'documentos.observar',
  SUBSANAR: 'documentos.subsanar',
  ARCHIVAR: 'documentos.archivar',
  HISTORIAL: 'documentos.historial',
  FERIADOS_LISTAR: 'documentos.feriados.listar',
  FERIADOS_CREAR: 'documentos.feriados.crear',
  FERIADOS_ELIMINAR: 'documentos.feriados.eliminar',
} as const;

export const DocumentosTramiteErrors = {
  /** If-Match named a version the document no longer has (412). */
  VERSION_DESACTUALIZADA: 'VERSION_DESACTUALIZADA',
  /** A PATCH without any field to change (400). */
  SIN_CAMBIOS: 'SIN_CAMBIOS',
  EXPEDIENTE_RELACIONADO_INVALIDO: 'EXPEDIENTE_RELACIONADO_INVALIDO',
  /** The correction term ran out: the filing is (or is about to be) NO_PRESENTADO (409). */
  SUBSANACION_VENCIDA: 'SUBSANACION_VENCIDA',
  FERIADO_EXISTENTE: 'FERIADO_EXISTENTE',
  FERIADO_NOT_FOUND: 'FERIADO_NOT_FOUND',
} as const;

/** `accion` of the audit rows this part writes (registration writes REGISTRO). */
export const AccionesAuditoria = {
  REGISTRO: 'REGISTRO',
  EDICION: 'EDICION',
  OBSERVACION: 'OBSERVACION',
  SUBSANACION: 'SUBSANACION',
  NO_PRESENTADO: 'NO_PRESENTADO',
  ARCHIVO: 'ARCHIVO',
  FERIADO_CREADO: 'FERIADO_CREADO',
  FERIADO_ELIMINADO: 'FERIADO_ELIMINADO',
  ARCHIVO_ADJUNTADO: 'ARCHIVO_ADJUNTADO',
  ARCHIVO_ELIMINADO: 'ARCHIVO_ELIMINADO',
} as const;

/** The fields the desk may edit; state, office and numbers change only through actions. */
export interface EditarDocumentoInput {
  asunto?: string;
  remitente?: string;
  numeroDocumentoExterno?: string | null;
  numeroFolios?: number;
  tieneAnexos?: boolean;
  prioridad?: Prioridad;
  etiquetas?: string[];
  observaciones?: string | null;
  expedienteRelacionadoId?: string | null;
}

/** What the desk may change after registration (PATCH); the audit log records them and more. */
export const CAMPOS_EDITABLES = [
  'asunto',
  'remitente',
  'numeroDocumentoExterno',
  'numeroFolios',
  'tieneAnexos',
  'prioridad',
  'etiquetas',
  'observaciones',
  'expedienteRelacionadoId',
] as const satisfies readonly (keyof EditarDocumentoInput)[];

export interface EditarDocumentoRequest {
  actor: Actor;
  id: string;
  cambios: EditarDocumentoInput;
  /** From If-Match: refuse the change when the document moved on since the client read it. */
  versionEsperada?: number;
}

export interface AccionDocumentoRequest {
  actor: Actor;
  id: string;
  versionEsperada?: number;
}

export interface ObservarDocumentoRequest extends AccionDocumentoRequest {
  observaciones: string[];
}

/** A document as the state actions answer it: with its version and the observation's terms. */
export interface DocumentoTramiteDto extends DocumentoDto {
  version: number;
  estadoPrevio: EstadoDocumento | null;
  plazoPausadoDesde: string | null;
  fechaLimiteSubsanacion: string | null;
  diasPausados: number;
}

export interface HistorialRequest {
  actor: Actor;
  id: string;
  limit?: number;
  cursor?: string;
}

/** One dated entry of a document's history, oldest first. */
export interface HistorialEntradaDto {
  id: string;
  accion: string;
  usuarioId: string | null;
  ip: string | null;
  antes: Record<string, unknown> | null;
  despues: Record<string, unknown> | null;
  fecha: string;
}

export type HistorialPage = Page<HistorialEntradaDto>;

export type TipoFeriadoDto = 'NACIONAL' | 'REGIONAL' | 'INSTITUCIONAL' | 'LABORABLE';

export interface FeriadoDto {
  /** YYYY-MM-DD (Lima). */
  fecha: string;
  descripcion: string;
  tipo: TipoFeriadoDto;
}

export interface ListarFeriadosRequest {
  anio: number;
  limit?: number;
  cursor?: string;
}

export type FeriadosPage = Page<FeriadoDto>;

export interface CrearFeriadoRequest {
  actor: Actor;
  feriado: FeriadoDto;
}

export interface EliminarFeriadoRequest {
  actor: Actor;
  fecha: string;
}

/** Payload of `documento.actualizado`: what other services keep a copy of. */
export interface DocumentoActualizadoEvent {
  id: string;
  numeroExpediente: string;
  asunto: string;
  estado: EstadoDocumento;
  areaActualId: number | null;
  prioridad: Prioridad;
  fechaLimite: string | null;
  /**
   * The document's version after this change. Events may arrive out of order (replicas, a
   * redelivery after a crash): a copy applies one only if it is newer than what it holds.
   */
  version: number;
  /**
   * On the update that answers one of derivaciones' movements: that movement's `secuencia`
   * (documentos decided on it, applied or not). Until the answer arrives derivaciones shows the
   * document as it asked for it.
   */
  secuenciaMovimiento?: number;
}
