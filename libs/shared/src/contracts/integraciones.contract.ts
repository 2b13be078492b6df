import { Actor, ClaveIdempotencia } from './auth.contract';
import {
  EstadoConexion,
  EstadoSync,
  OperacionSync,
  Prioridad,
  TipoAutenticacion,
  TipoIntegracion,
  EstadoDocumento,
} from './enums';
import { Page } from './pagination';

/** Exchanges with other state systems: integraciones-service owns integrations and their logs. */
export const IntegracionesPatterns = {
  CREAR: 'integraciones.crear',
  LISTAR: 'integraciones.listar',
  OBTENER: 'integraciones.obtener',
  ACTUALIZAR: 'integraciones.actualizar',
  ELIMINAR: 'integraciones.eliminar',
  ACTIVAR: 'integraciones.activar',
  ROTAR_SECRETOS: 'integraciones.rotar_secretos',
  PROBAR: 'integraciones.probar',
  ENVIAR: 'integraciones.enviar',
  DLQ_LISTAR: 'integraciones.dlq.listar',
  DLQ_REINTENTAR: 'integraciones.dlq.reintentar',
  LOG_LISTAR: 'integraciones.log.listar',
  ESTADISTICAS: 'integraciones.estadisticas',
  ESTADISTICAS_GLOBALES: 'integraciones.estadisticas_globales',
  /** Inbound: API key, timestamp window, signature and the per-integration limit. */
  ENTRANTE_AUTENTICAR: 'integraciones.entrante.autenticar',
  /** Inbound: refuses a replayed request id, registers through documentos-service. */
  ENTRANTE_RECIBIR: 'integraciones.entrante.recibir',
  ENTRANTE_ESTADO: 'integraciones.entrante.estado',
} as const;

export const IntegracionesErrors = {
  INTEGRACION_NOT_FOUND: 'INTEGRACION_NOT_FOUND',
  CODIGO_DUPLICADO: 'INTEGRACION_CODIGO_DUPLICADO',
  CREDENCIALES_INVALIDAS: 'INTEGRACION_CREDENCIALES_INVALIDAS',
  INTEGRACION_INACTIVA: 'INTEGRACION_INACTIVA',
  INTEGRACION_CON_HISTORIAL: 'INTEGRACION_CON_HISTORIAL',
  SIN_URL: 'INTEGRACION_SIN_URL',
  /** urlBase is, or resolves to, an address the outbound policy refuses (private, loopback, link-local, metadata). */
  URL_NO_PERMITIDA: 'INTEGRACION_URL_NO_PERMITIDA',
  /** urlBase moves to another scheme, host or port: the stored credentials are not carried there; send them again. */
  CREDENCIALES_REQUERIDAS: 'INTEGRACION_CREDENCIALES_REQUERIDAS',
  LOG_NOT_FOUND: 'LOG_SINCRONIZACION_NOT_FOUND',
  /**
   * Unknown, missing or inactive API key, or a wrong signature: one answer for all of them, so
   * that a caller cannot tell a valid key by the error.
   */
  ENTRANTE_NO_AUTENTICADO: 'ENTRANTE_NO_AUTENTICADO',
  /** Timestamp outside the 5-minute window. */
  FIRMA_VENCIDA: 'FIRMA_VENCIDA',
  SOLICITUD_REPETIDA: 'SOLICITUD_REPETIDA',
  DOCUMENTO_EXTERNO_NOT_FOUND: 'DOCUMENTO_EXTERNO_NOT_FOUND',
  LIMITE_ENTRANTE: 'RATE_LIMITED',
} as const;

/**
 * Headers of signed exchanges, both ways. The signature is HMAC-SHA256 with the integration's
 * webhook secret over `${timestamp}.${body}` (timestamp in Unix seconds, body as sent; empty for
 * a GET), written `sha256=<hex>`. Receivers refuse timestamps more than 5 minutes away.
 */
export const FirmaHeaders = {
  API_KEY: 'x-api-key',
  TIMESTAMP: 'x-mesa-timestamp',
  FIRMA: 'x-mesa-firma',
  /** Outbound only: the event that caused the send. */
  EVENTO: 'x-mesa-evento',
  /** Outbound only: stable across retries of one send, so the receiver can drop duplicates. */
  ENTREGA: 'x-mesa-entrega',
} as const;
export const VENTANA_FIRMA_SEGUNDOS = 300;

/** Events an integration may subscribe to (sent as `sincronizar_documento_externo` jobs). */
export const EVENTOS_SUSCRIBIBLES = ['documento.registrado', 'derivacion.creada', 'documento.atendido'] as const;
/** A send asked for by an administrator rather than caused by an event. */
export const EVENTO_MANUAL = 'manual';

/** Outbound credentials by authentication type; stored encrypted, never answered. */
export type Credenciales = { apiKey: string } | { token: string } | { usuario: string; clave: string };

export interface IntegracionInput {
  codigo: string;
  nombre: string;
  tipo: TipoIntegracion;
  urlBase?: string | null;
  tipoAutenticacion?: TipoAutenticacion;
  credenciales?: Credenciales | null;
  /** Our field name → their field name; empty sends every field with our names. */
  mapeoCampos?: Record<string, string>;
  eventos?: string[];
  /** Shared secret for signatures; generated (and answered once) when not given. */
  webhookSecret?: string;
  timeoutMs?: number;
  maxReintentos?: number;
  reintentoBaseMs?: number;
  umbralCircuito?: number;
  esperaCircuitoMs?: number;
  limiteEntrantePorMinuto?: number;
}

export type IntegracionCambios = Partial<Omit<IntegracionInput, 'codigo' | 'webhookSecret'>>;

export interface IntegracionDto {
  id: string;
  codigo: string;
  nombre: string;
  tipo: TipoIntegracion;
  urlBase: string | null;
  tipoAutenticacion: TipoAutenticacion;
  /** Whether outbound credentials are stored (they are never answered). */
  tieneCredenciales: boolean;
  mapeoCampos: Record<string, string>;
  eventos: string[];
  activa: boolean;
  estadoConexion: EstadoConexion;
  ultimaSincronizacion: string | null;
  fechaUltimaPrueba: string | null;
  tiempoRespuestaPruebaMs: number | null;
  timeoutMs: number;
  maxReintentos: number;
  reintentoBaseMs: number;
  umbralCircuito: number;
  esperaCircuitoMs: number;
  limiteEntrantePorMinuto: number;
  fallosConsecutivos: number;
  createdAt: string;
  updatedAt: string;
}

/** Answered once, on creation and rotation: the inbound API key and the signature secret. */
export interface SecretosIntegracion {
  apiKey?: string;
  webhookSecret?: string;
}
export type IntegracionCreada = IntegracionDto & SecretosIntegracion;

export interface LogSincronizacionDto {
  id: string;
  integracionId: string;
  documentoId: string | null;
  documentoNumeroExpediente: string | null;
  operacion: OperacionSync;
  evento: string | null;
  estado: EstadoSync;
  codigoRespuesta: number | null;
  mensajeError: string | null;
  numeroIntento: number;
  fechaProximoReintento: string | null;
  tiempoRespuestaMs: number | null;
  idExterno: string | null;
  enDlq: boolean;
  createdAt: string;
}
export type LogSincronizacionPage = Page<LogSincronizacionDto>;

export interface LogFiltros {
  estado?: EstadoSync;
  operacion?: OperacionSync;
  desde?: string;
  hasta?: string;
  limit?: number;
  cursor?: string;
}

export interface EstadisticasFiltros {
  desde?: string;
  hasta?: string;
}

export interface EstadisticasIntegracion {
  desde: string;
  hasta: string;
  /** Outbound attempts in the window (each retry counts). */
  intentos: number;
  exitosos: number;
  fallidos: number;
  /** exitosos / intentos, 0..1; null without attempts. */
  tasaExito: number | null;
  latenciaMs: { p50: number | null; p95: number | null; p99: number | null; promedio: number | null };
  /** Failed attempts by response code; null = no answer (timeout, connection refused). */
  fallosPorCodigo: { codigoRespuesta: number | null; total: number }[];
  enDlq: number;
  recepciones: number;
}

export interface EstadisticasGlobales extends EstadisticasIntegracion {
  porIntegracion: {
    integracionId: string;
    codigo: string;
    intentos: number;
    tasaExito: number | null;
    p95Ms: number | null;
  }[];
}

/**
 * A connection test's outcome, coarse on purpose: a finer one (the status, the other side's
 * words, the socket's error code) would make the test a port scanner.
 */
export const ResultadosPrueba = {
  /** It answered as a service that accepts us would (not 5xx, 401, 403, 408 or 429). */
  ALCANZABLE: 'ALCANZABLE',
  /** No answer, or an answer that refuses or fails. */
  INALCANZABLE: 'INALCANZABLE',
  /** Not attempted: the address is refused by the outbound policy. */
  BLOQUEADO: 'BLOQUEADO',
} as const;
export type ResultadoPruebaConexion = (typeof ResultadosPrueba)[keyof typeof ResultadosPrueba];

export interface ResultadoPrueba {
  estadoConexion: EstadoConexion;
  resultado: ResultadoPruebaConexion;
  tiempoRespuestaMs: number;
}

export interface EnvioEncolado {
  jobId: string;
}

/** Requests (the gateway's admin routes are ADMIN only; the actor travels for the audit trail). */
export interface IntegracionIdRequest {
  actor: Actor;
  id: string;
}
export interface CrearIntegracionRequest {
  actor: Actor;
  integracion: IntegracionInput;
}
export interface ActualizarIntegracionRequest {
  actor: Actor;
  id: string;
  cambios: IntegracionCambios;
}
export interface ActivarIntegracionRequest {
  actor: Actor;
  id: string;
  activa: boolean;
}
export interface RotarSecretosRequest {
  actor: Actor;
  id: string;
  apiKey?: boolean;
  webhookSecret?: boolean;
}
export interface EnviarDocumentoRequest {
  actor: Actor;
  id: string;
  documentoId: string;
  idempotencia?: ClaveIdempotencia;
}
export interface ReintentarDlqRequest {
  actor: Actor;
  id: string;
  logId: string;
}
export interface ListarLogRequest {
  actor: Actor;
  id: string;
  filtros: LogFiltros;
  /** Only dead-lettered sends. */
  soloDlq?: boolean;
}
export interface EstadisticasIntegracionRequest {
  actor: Actor;
  id?: string;
  filtros: EstadisticasFiltros;
}

/** Inbound. */
export interface AutenticarEntranteRequest {
  apiKey: string | null;
  timestamp: string | null;
  firma: string | null;
  /** The request line as received: the method, and the path with its query string. */
  metodo: string;
  ruta: string;
  /** The body exactly as received ('' for a GET). */
  cuerpo: string;
}
export interface IntegracionAutenticada {
  integracionId: string;
  codigo: string;
}

interface DocumentoEntranteInput {
  tipoDocumentoId: number;
  remitente: string;
  asunto: string;
  numeroFolios: number;
  prioridad: Prioridad;
  numeroDocumentoExterno?: string;
  tieneAnexos?: boolean;
  areaActualId?: number;
  observaciones?: string;
}
interface RecibirDocumentoBody {
  /** Unique per request from the sender: a second request with it is refused. */
  idSolicitud: string;
  /** The sender's id of the document: registering it again gives the same case. */
  idExterno: string;
  documento: DocumentoEntranteInput;
}
export interface RecibirDocumentoRequest {
  integracionId: string;
  ip?: string;
  body: RecibirDocumentoBody;
}
export interface EstadoEntranteRequest {
  integracionId: string;
  idExterno: string;
}
export interface DocumentoRecibido {
  idExterno: string;
  documentoId: string;
  numeroExpediente: string;
  estado: EstadoDocumento;
  fechaRecepcion: string;
  fechaLimite: string | null;
  actualizadoEn: string;
}
