import { Actor, ClaveIdempotencia } from './auth.contract';
import { Page } from './pagination';

/** Attachments: documentos-service owns their rows; bytes live in the shared Storage. */
export const ArchivosPatterns = {
  /** Whether the actor may attach to the document now: asked before the bytes are stored. */
  PUEDE_ADJUNTAR: 'archivos.puede_adjuntar',
  /** Records an attachment whose bytes the gateway already stored. */
  REGISTRAR: 'archivos.registrar',
  LISTAR: 'archivos.listar',
  /** One attachment with its storage key, for the gateway to stream it. */
  OBTENER: 'archivos.obtener',
  /** Removes the row; the caller then deletes the bytes under the storage key it answers. */
  ELIMINAR: 'archivos.eliminar',
  /** Called by the procesar_archivo_adjunto job; idempotent (a second call changes nothing). */
  MARCAR_PROCESADO: 'archivos.marcar_procesado',
} as const;

export const ArchivosErrors = {
  ARCHIVO_NOT_FOUND: 'ARCHIVO_NOT_FOUND',
  /** The gateway sent an id or storage key of the wrong shape (400). */
  ARCHIVO_INVALIDO: 'ARCHIVO_INVALIDO',
  /** The multipart body has no file part (400). */
  ARCHIVO_REQUERIDO: 'ARCHIVO_REQUERIDO',
  /** The request is not multipart/form-data (415). */
  MULTIPART_REQUERIDO: 'MULTIPART_REQUERIDO',
  /** The content is not one of the accepted types, whatever its name says (415). */
  ARCHIVO_TIPO_NO_PERMITIDO: 'ARCHIVO_TIPO_NO_PERMITIDO',
  /** The name's extension announces another type than the content has (e.g. a .pdf that is not a PDF) (422). */
  ARCHIVO_TIPO_NO_COINCIDE: 'ARCHIVO_TIPO_NO_COINCIDE',
  /** Over MAX_UPLOAD_BYTES (413). */
  ARCHIVO_DEMASIADO_GRANDE: 'ARCHIVO_DEMASIADO_GRANDE',
  /** The stored bytes no longer have the SHA-256 recorded at upload (409). */
  ARCHIVO_INTEGRIDAD: 'ARCHIVO_INTEGRIDAD',
} as const;

/** The outcome of one signature, in the terms of ETSI EN 319 102-1 (valid, failed, indeterminate). */
export type ResultadoFirma = 'VALIDA' | 'NO_VALIDA' | 'INDETERMINADA';

/**
 * Where the signing time came from: a verified signature timestamp (evidence), the CMS
 * signingTime attribute or the dictionary's /M (both the signer's claim), or nowhere.
 */
export type FuenteFechaFirma = 'SELLO_DE_TIEMPO' | 'DECLARADA_CMS' | 'DECLARADA_PDF' | 'DESCONOCIDA';

/** Stable reason codes of a signature's outcome. */
export type MotivoFirma =
  | 'FIRMA_VALIDA'
  | 'RANGO_INVALIDO'
  | 'CONTENIDO_ILEGIBLE'
  | 'SUBFILTER_NO_SOPORTADO'
  | 'DIGEST_NO_COINCIDE'
  | 'FIRMA_CMS_INVALIDA'
  | 'FECHA_DESCONOCIDA'
  | 'CERTIFICADO_NO_VIGENTE'
  | 'USO_DE_LLAVE_NO_PERMITIDO'
  | 'CADENA_NO_CONFIABLE'
  | 'CERTIFICADO_REVOCADO'
  | 'REVOCACION_POSTERIOR'
  | 'REVOCACION_NO_VERIFICADA'
  | 'MODIFICADO_DESPUES_DE_FIRMAR';

/** One signature of a PDF attachment as the processing job verified it. */
export interface FirmaArchivo {
  resultado: ResultadoFirma;
  codigo: MotivoFirma;
  /** The reason, for the clerk. */
  motivo: string;
  subFilter: string | null;
  /** The signer's common name. */
  firmante: string | null;
  dni: string | null;
  ruc: string | null;
  /** The issuer's distinguished name. */
  emisor: string | null;
  /** The certificate's serial number (hex). */
  serie: string | null;
  fechaFirma: string | null;
  fuenteFecha: FuenteFechaFirma;
  revocacion: 'NO_REVOCADO' | 'REVOCADO' | 'NO_VERIFICADA';
  /** Bytes follow the signed range (an incremental update after signing). */
  modificadoDespues: boolean;
}

/**
 * Cache namespace of the ResumenFirmas of each document (key: its id), kept by
 * documentos-service and dropped by every change of the document's attachments. Part of the
 * read contract like the detail's own entry: a reader may take it from there, never write it.
 */
export const DOCUMENTO_FIRMAS_CACHE = 'documento:firmas';

/** What a document's detail says of the signatures of its attachments. */
export interface ResumenFirmas {
  /** Signatures found in its verified PDF attachments. */
  total: number;
  validas: number;
  /** PDF attachments not verified (yet, or past the verifier's limits). */
  pendientes: number;
  /** There is at least one signature, every one is VALIDA, and no PDF is left unverified. */
  todasValidas: boolean;
}

/** An attachment as the API shows it (never its storage key). */
export interface ArchivoDto {
  id: string;
  documentoId: string;
  nombre: string;
  tipoMime: string;
  tamano: number;
  /** SHA-256 (hex) of the content, taken while it was stored. */
  hash: string;
  esPrincipal: boolean;
  procesado: boolean;
  paginas: number | null;
  /**
   * Its signatures (PDFs, once processed): [] when unsigned; null when not verified (not a
   * PDF, not processed yet, or past the verifier's limits).
   */
  firmas: FirmaArchivo[] | null;
  usuarioId: string | null;
  createdAt: string;
}

export type ArchivosPage = Page<ArchivoDto>;

export interface RegistrarArchivoRequest {
  actor: Actor;
  documentoId: string;
  archivo: {
    /** Chosen by the gateway: the storage key is derived from it. */
    id: string;
    nombre: string;
    tipoMime: string;
    tamano: number;
    hash: string;
    storageKey: string;
  };
  idempotencia?: ClaveIdempotencia;
}

export interface ListarArchivosRequest {
  actor: Actor;
  documentoId: string;
  limit?: number;
  cursor?: string;
}

export interface ArchivoRequest {
  actor: Actor;
  documentoId: string;
  archivoId: string;
}

/** OBTENER and ELIMINAR answer the attachment and where its bytes are. */
export interface ArchivoUbicado {
  archivo: ArchivoDto;
  storageKey: string;
}

/** Payload of Events.ARCHIVO_REGISTRADO. */
export interface ArchivoRegistradoEvent {
  archivoId: string;
  documentoId: string;
  storageKey: string;
}

export interface MarcarProcesadoRequest {
  archivoId: string;
  /** SHA-256 (hex) recomputed by the job from the stored bytes. */
  hash: string;
  /** MIME type detected from the content. */
  tipoMime: string;
  /** Page count, for PDFs. */
  paginas: number | null;
  /** Signatures found and verified, for PDFs (null: not verified). */
  firmas?: FirmaArchivo[] | null;
}

/**
 * PROCESADO: marked now. YA_PROCESADO: an earlier delivery did it (nothing changed).
 * ELIMINADO: the attachment was deleted meanwhile; the job has nothing left to do.
 */
export interface MarcarProcesadoReply {
  archivoId: string;
  resultado: 'PROCESADO' | 'YA_PROCESADO' | 'ELIMINADO';
}
