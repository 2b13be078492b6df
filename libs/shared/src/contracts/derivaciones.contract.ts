import { Actor, ClaveIdempotencia } from './auth.contract';
import { EstadoDerivacion, EstadoDocumento } from './enums';
import { Page } from './pagination';

/** Routing between offices, inboxes and route sheets (derivaciones-service). */
export const DerivacionesPatterns = {
  DERIVAR: 'derivaciones.derivar',
  DERIVAR_MASIVA: 'derivaciones.derivar_masiva',
  RECIBIR: 'derivaciones.recibir',
  ATENDER: 'derivaciones.atender',
  RECHAZAR: 'derivaciones.rechazar',
  REASIGNAR: 'derivaciones.reasignar',
  DEVOLVER: 'derivaciones.devolver',
  OBTENER: 'derivaciones.obtener',
  BANDEJA: 'derivaciones.bandeja',
  PENDIENTES_USUARIO: 'derivaciones.pendientes_usuario',
  HOJA_DE_RUTA: 'derivaciones.hoja_de_ruta',
  VENCIDAS: 'derivaciones.vencidas',
  ESTADISTICAS_AREA: 'derivaciones.estadisticas_area',
} as const;

/** In-app notifications, owned by derivaciones-service (table derivaciones.notificacion). */
export const NotificacionesPatterns = {
  /** One notification per recipient, deduplicated by `${dedupePrefix}:${usuarioId}` / `:area:${areaId}`. */
  CREAR_LOTE: 'notificaciones.crear_lote',
  LISTAR: 'notificaciones.listar',
  MARCAR_LEIDA: 'notificaciones.marcar_leida',
  MARCAR_TODAS: 'notificaciones.marcar_todas',
} as const;

export const DerivacionesErrors = {
  DERIVACION_NOT_FOUND: 'DERIVACION_NOT_FOUND',
  NOTIFICACION_NOT_FOUND: 'NOTIFICACION_NOT_FOUND',
  /** The destination is the office the document is already in, or repeated among the copies (400). */
  AREA_DESTINO_INVALIDA: 'AREA_DESTINO_INVALIDA',
  /** A bulk routing named the same document twice, or more than the limit (400). */
  LOTE_INVALIDO: 'LOTE_INVALIDO',
  /** A tray of every office needs an office (400). */
  AREA_REQUERIDA: 'AREA_REQUERIDA',
  /** Only an open derivation (not a copy) moves the document: copies cannot be rejected, reassigned or returned (409). */
  DERIVACION_ES_COPIA: 'DERIVACION_ES_COPIA',
} as const;

/** `accion` of the rows the document's audit log (its historial) gets for each movement. */
export const AccionesMovimiento = {
  DERIVACION: 'DERIVACION',
  RECEPCION: 'RECEPCION_DERIVACION',
  ATENCION: 'ATENCION_DERIVACION',
  RECHAZO: 'RECHAZO_DERIVACION',
  REASIGNACION: 'REASIGNACION_DERIVACION',
  DEVOLUCION: 'DEVOLUCION_DERIVACION',
} as const;
export type AccionMovimiento = (typeof AccionesMovimiento)[keyof typeof AccionesMovimiento];

/** Most documents one bulk routing takes (one transaction). */
export const MAX_DERIVACION_MASIVA = 200;
/** Due-soon notices go out this many business days before a deadline (and at each day down to 1). */
export const DIAS_AVISO_VENCIMIENTO = [3, 2, 1] as const;

export interface DerivarInput {
  documentoId: string;
  areaDestinoId: number;
  instrucciones: string;
  esUrgente?: boolean;
  requiereRespuesta?: boolean;
  /** ISO instant; default from the business-day rules: 7 business days when it requires a response (a report), else 3 (a simple step). */
  fechaLimiteAtencion?: string;
  /** Offices that get a copy for information (esCopia); a copy never moves the document. */
  copias?: number[];
}

export interface DerivarRequest {
  actor: Actor;
  derivacion: DerivarInput;
  idempotencia?: ClaveIdempotencia;
}

export interface DerivarMasivaInput {
  documentoIds: string[];
  areaDestinoId: number;
  instrucciones: string;
  esUrgente?: boolean;
  requiereRespuesta?: boolean;
  fechaLimiteAtencion?: string;
}

export interface DerivarMasivaRequest {
  actor: Actor;
  lote: DerivarMasivaInput;
  idempotencia?: ClaveIdempotencia;
}

export interface AccionDerivacionRequest {
  actor: Actor;
  id: string;
  /** atender: the response note; rechazar: the reason; devolver/reasignar: a note. */
  texto?: string;
  /** reasignar: the new destination office. */
  areaDestinoId?: number;
}

/** The document as derivaciones knows it, right after the change (documentos follows by event). */
export interface DocumentoRefDto {
  id: string;
  numeroExpediente: string;
  asunto: string;
  estado: EstadoDocumento;
  areaActualId: number | null;
}

export interface DerivacionDto {
  id: string;
  numeroDerivacion: string;
  documentoId: string;
  numeroExpediente: string;
  asunto: string;
  areaOrigenId: number | null;
  areaDestinoId: number;
  usuarioDerivaId: string | null;
  usuarioRecibeId: string | null;
  usuarioAtiendeId: string | null;
  instrucciones: string;
  observaciones: string | null;
  motivoRechazo: string | null;
  respuesta: string | null;
  fechaDerivacion: string;
  fechaRecepcion: string | null;
  fechaAtencion: string | null;
  fechaLimiteAtencion: string | null;
  estado: EstadoDerivacion;
  esUrgente: boolean;
  requiereRespuesta: boolean;
  esCopia: boolean;
  derivacionPadreId: string | null;
  vencida: boolean;
}

/** Answer of a routing: the principal derivation, its copies, and the document as it now stands. */
export interface DerivacionCreadaDto extends DerivacionDto {
  copias: DerivacionDto[];
  documento: DocumentoRefDto;
}

/** Answer of an action: the derivation, the document as it now stands, and (devolver) the new derivation. */
export interface DerivacionAccionDto extends DerivacionDto {
  documento: DocumentoRefDto;
  nueva?: DerivacionDto;
}

export interface DerivacionMasivaDto {
  derivaciones: DerivacionDto[];
}

type OrdenBandeja = 'recientes' | 'vencimiento';

export interface BandejaFiltros {
  areaId?: number;
  estado?: EstadoDerivacion;
  urgente?: boolean;
  vencidas?: boolean;
  /** recientes (default): newest first; vencimiento: earliest deadline first (open derivations only). */
  orden?: OrdenBandeja;
  limit?: number;
  cursor?: string;
}

export interface BandejaRequest {
  actor: Actor;
  filtros: BandejaFiltros;
}

export interface ListaRequest {
  actor: Actor;
  limit?: number;
  cursor?: string;
}

export interface HojaDeRutaRequest {
  actor: Actor;
  documentoId: string;
}

export interface EstadisticasAreaRequest {
  actor: Actor;
  areaId: number;
}

export type DerivacionesPage = Page<DerivacionDto>;

export interface HojaDeRutaDto {
  documento: DocumentoRefDto;
  /** Every movement, oldest first: principal derivations and copies, with dates and people. */
  movimientos: DerivacionDto[];
}

export interface EstadisticasAreaDto {
  areaId: number;
  pendientes: number;
  recibidas: number;
  atendidas: number;
  rechazadas: number;
  vencidas: number;
  /** Average business hours (office hours of business days) from routing to reception; null without data. */
  horasPromedioRecepcion: number | null;
  /** Average business hours from routing to attention; null without data. */
  horasPromedioAtencion: number | null;
  /** How many recent derivations the averages were computed over. */
  muestra: number;
}

/**
 * Payload of `derivacion.creada` and `derivacion.actualizada`: derivaciones asks documentos-service
 * to move a document (state and office). documentos decides, records the movement in its audit
 * log and answers with `documento.actualizado` carrying the `secuencia`. `secuencia` grows with
 * every movement of the document: an older movement delivered late is recorded but does not move
 * the document back.
 */
export interface MovimientoDocumentoEvent {
  derivacionId: string;
  numeroDerivacion: string;
  documentoId: string;
  accion: AccionMovimiento;
  secuencia: number;
  /** The document's state and office after the movement. */
  estado: EstadoDocumento;
  areaActualId: number | null;
  areaOrigenId: number | null;
  areaDestinoId: number;
  usuarioId: string | null;
  /** instructions, response, reason: the movement's text. */
  texto: string | null;
  fecha: string;
}

/**
 * Payload of `documento.atendido`, written by documentos-service when a movement answers the
 * document (its last open derivation was attended), e.g. for integrations to tell the sender.
 */
export interface DocumentoAtendidoEvent {
  id: string;
  numeroExpediente: string;
  asunto: string;
  areaActualId: number | null;
  origenExterno: string | null;
  idExterno: string | null;
  derivacionId: string;
  fecha: string;
}

export interface CrearNotificacionesLoteRequest {
  dedupePrefix: string;
  tipo: string;
  titulo: string;
  mensaje: string;
  referenciaId?: string;
  usuarioIds?: string[];
  areaIds?: number[];
}

export interface CrearNotificacionesLoteReply {
  creadas: number;
}

export const TiposNotificacion = {
  DERIVACION_RECIBIDA: 'DERIVACION_RECIBIDA',
  DERIVACION_URGENTE: 'DERIVACION_URGENTE',
  DERIVACION_POR_VENCER: 'DERIVACION_POR_VENCER',
  /** To the sending office: its document came back with a reason. */
  DERIVACION_RECHAZADA: 'DERIVACION_RECHAZADA',
} as const;

export interface NotificacionDto {
  id: string;
  tipo: string;
  titulo: string;
  mensaje: string;
  referenciaId: string | null;
  /** null: addressed to the whole office (read by one, read for the office). */
  usuarioId: string | null;
  areaId: number | null;
  leida: boolean;
  createdAt: string;
  leidaAt: string | null;
}

export type NotificacionesPage = Page<NotificacionDto>;

export interface ListarNotificacionesRequest {
  actor: Actor;
  soloNoLeidas?: boolean;
  limit?: number;
  cursor?: string;
}

export interface MarcarNotificacionRequest {
  actor: Actor;
  id: string;
}

export interface MarcarTodasRequest {
  actor: Actor;
}
