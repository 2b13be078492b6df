import { Actor } from './auth.contract';

/** The PIDE exchange (IMGD trámite service): integraciones-service owns it, the gateway serves the SOAP port. */
export const PidePatterns = {
  /** recepcionarTramite: registers the document (idempotent by CUO) and answers vcodres. */
  RECEPCIONAR: 'integraciones.pide.recepcionar',
  /** consultarTramite: the state of a CUO we received. */
  CONSULTAR: 'integraciones.pide.consultar',
  /** cargoTramite: the receipt an entity we sent to sends back. */
  CARGO_RECIBIR: 'integraciones.pide.cargo_recibir',
  /** getTipoDocumento: the ccodtipdoc codes we accept. */
  TIPOS: 'integraciones.pide.tipos',
  /** The desk's formal reception of a received exchange: R, or O with an observation. */
  RECEPCION_FORMAL: 'integraciones.pide.recepcion_formal',
  /** The exchanges of a document, both ways (the route sheet shows them). */
  DE_DOCUMENTO: 'integraciones.pide.de_documento',
  ENTIDADES_LISTAR: 'integraciones.pide.entidades.listar',
  ENTIDAD_GUARDAR: 'integraciones.pide.entidades.guardar',
  ENTIDAD_ELIMINAR: 'integraciones.pide.entidades.eliminar',
  TIPOS_LISTAR: 'integraciones.pide.tipos.listar',
  TIPO_GUARDAR: 'integraciones.pide.tipos.guardar',
  TIPO_ELIMINAR: 'integraciones.pide.tipos.eliminar',
  /** Sending: a routing to an entity's RUC, queued as a pide_envio job. */
  ENVIAR: 'integraciones.pide.enviar',
  DLQ_LISTAR: 'integraciones.pide.dlq.listar',
  DLQ_REINTENTAR: 'integraciones.pide.dlq.reintentar',
} as const;

/** REST problems of the PIDE endpoints (the SOAP operations answer `vcodres` instead). */
export const PideErrors = {
  /** Neither an allowed client certificate nor an allowed address (403). */
  PIDE_ORIGEN_NO_PERMITIDO: 'PIDE_ORIGEN_NO_PERMITIDO',
  /** Missing or wrong API credential (401). */
  PIDE_NO_AUTENTICADO: 'PIDE_NO_AUTENTICADO',
  /** The body is not a SOAP 1.1 envelope of the service (400). */
  PIDE_MENSAJE_INVALIDO: 'PIDE_MENSAJE_INVALIDO',
  PIDE_TRAMITE_NOT_FOUND: 'PIDE_TRAMITE_NOT_FOUND',
  /** Formal reception of an exchange that is not pending (409). */
  PIDE_TRAMITE_NO_PENDIENTE: 'PIDE_TRAMITE_NO_PENDIENTE',
  PIDE_ENTIDAD_NOT_FOUND: 'PIDE_ENTIDAD_NOT_FOUND',
  PIDE_ENTIDAD_CON_TRAMITES: 'PIDE_ENTIDAD_CON_TRAMITES',
  PIDE_TIPO_NOT_FOUND: 'PIDE_TIPO_NOT_FOUND',
  PIDE_CCODTIPDOC_DUPLICADO: 'PIDE_CCODTIPDOC_DUPLICADO',
  PIDE_TRABAJO_NOT_FOUND: 'PIDE_TRABAJO_NOT_FOUND',
  /** Replay of a job that is not in the dead-letter set (409). */
  PIDE_TRABAJO_NO_FALLIDO: 'PIDE_TRABAJO_NO_FALLIDO',
  /** A routing to an entity without an endpoint, inactive, or whose document type has no ccodtipdoc (422). */
  PIDE_ENVIO_NO_POSIBLE: 'PIDE_ENVIO_NO_POSIBLE',
} as const;

/** vcodres values this suite answers. */
export const PideCodigos = {
  OK: '0000',
  /** A required field is missing or malformed. */
  DATOS_INVALIDOS: '0001',
  /** vrucentrem is not an active entity of our catalogue. */
  EMISOR_NO_REGISTRADO: '0002',
  /** vrucentrec is not us. */
  RECEPTOR_INCORRECTO: '0003',
  /** The PDF or an annex is not of an accepted type, or too large. */
  ARCHIVO_NO_ADMITIDO: '0004',
  /** consultarTramite / cargoTramite of a CUO we do not know. */
  CUO_NO_ENCONTRADO: '0005',
  /** ccodtipdoc has no document type of ours. */
  TIPO_NO_ADMITIDO: '0006',
  /** The same CUO came before from another sender. */
  CUO_DUPLICADO: '0007',
  ERROR_INTERNO: '9999',
} as const;

/** cflgest: E sent, P pending (automatic reception), R received, O observed. */
export type EstadoPide = 'E' | 'P' | 'R' | 'O';
export type DireccionPide = 'ENTRADA' | 'SALIDA';

export interface RespuestaPide {
  vcodres: string;
  vdesres: string;
}

/** A file of the message, already checked by the gateway as uploads are. */
export interface ArchivoPide {
  nombre: string;
  tipoMime: string;
  base64: string;
}

/** The scalar fields of RecepcionTramite (bpdfdoc and lstanexos travel as `archivos`). */
export interface RecepcionTramiteDatos {
  vrucentrem: string;
  vrucentrec: string;
  vnomentemi: string;
  vuniorgrem?: string;
  vcuo: string;
  vcuoref?: string;
  ccodtipdoc: string;
  vnumdoc: string;
  dfecdoc: string;
  vuniorgdst?: string;
  vnomdst?: string;
  vnomcardst?: string;
  vasu: string;
  snumanx: number;
  snumfol: number;
  vnomdoc: string;
  vurldocanx?: string;
  ctipdociderem?: string;
  vnumdociderem?: string;
  /** Names of annexes announced without content (fetched from vurldocanx). */
  anexosSinContenido?: string[];
}

export interface RecepcionarPideRequest {
  ip?: string;
  datos: RecepcionTramiteDatos;
  /** The main PDF first, then the annexes with content. */
  archivos: ArchivoPide[];
}

export interface ConsultarPideRequest {
  vrucentrem: string;
  vrucentrec: string;
  vcuo: string;
}

export interface CargoPide {
  vrucentrem: string;
  vrucentrec: string;
  vcuo: string;
  vcuoref?: string;
  vnumregstd?: string;
  vanioregstd?: string;
  dfecregstd?: string;
  vuniorgstd?: string;
  vusuregstd?: string;
  /** base64 of the cargo PDF. */
  bcarstd?: string;
  vobs?: string;
  cflgest: EstadoPide;
}

export interface RespuestaConsultaPide extends RespuestaPide {
  vcuo?: string;
  vcuoref?: string;
  vnumregstd?: string;
  vanioregstd?: string;
  vuniorgstd?: string;
  dfecregstd?: string;
  vusuregstd?: string;
  bcarstd?: string;
  vobs?: string;
  cflgest?: EstadoPide;
}

export interface TipoDocumentoPide {
  ccodtipdoc: string;
  vnomtipdoc: string;
}

export interface RecepcionFormalRequest {
  actor: Actor;
  cuo: string;
  estado: 'R' | 'O';
  observacion?: string;
}

/** An exchange as the REST API shows it. */
export interface TramitePideDto {
  id: string;
  cuo: string;
  direccion: DireccionPide;
  entidadRuc: string;
  entidadNombre: string;
  estado: EstadoPide;
  documentoId: string | null;
  numeroExpediente: string | null;
  observacion: string | null;
  /** The cargo: the one we sent (ENTRADA) or the one the entity sent us (SALIDA). */
  cargo: {
    vnumregstd: string | null;
    dfecregstd: string | null;
    vusuregstd: string | null;
    cflgest: EstadoPide;
  } | null;
  /** When the last cargo reached the sender (ENTRADA). */
  cargoEnviadoEn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EntidadPideInput {
  ruc: string;
  nombre: string;
  endpoint?: string | null;
  activa?: boolean;
}

export interface EntidadPideDto {
  id: string;
  ruc: string;
  nombre: string;
  endpoint: string | null;
  activa: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GuardarEntidadPideRequest {
  actor: Actor;
  entidad: EntidadPideInput;
}

export interface TipoPideInput {
  tipoDocumentoId: number;
  ccodtipdoc: string;
  nombre: string;
}

export type TipoPideDto = TipoPideInput;

export interface GuardarTipoPideRequest {
  actor: Actor;
  tipo: TipoPideInput;
}

/** pide_cargo: our cargo for one state of a received exchange, sent back to the sender. */
export interface PideCargoJob {
  tramiteId: string;
  estado: EstadoPide;
}

export interface EnviarPideRequest {
  actor: Actor;
  documentoId: string;
  entidadRuc: string;
  instrucciones: string;
}

/** Failed jobs listed per PIDE queue at most (the oldest beyond wait their turn). */
export const MAX_DLQ = 200;

/** A job of a PIDE queue left failed after its last attempt (or refused), for replay. */
export interface PideDlqItem {
  cola: string;
  jobId: string;
  tramiteId: string;
  cuo: string | null;
  intentos: number;
  motivo: string;
  fallidoEn: string | null;
}

/** pide_envio: one document routed to one entity. */
export interface PideEnvioJob {
  tramiteId: string;
}
