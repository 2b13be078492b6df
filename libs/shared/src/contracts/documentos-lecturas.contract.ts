import { Actor } from './auth.contract';
import { Page } from './pagination';

/**
 * Reads of documents by people (Ley 29733: who read what, when, from where). The gateway
 * appends one event per successful read, without waiting for it; documentos-service writes
 * them to its append-only `lectura` table in batches.
 */
export const LecturasEvents = {
  DOCUMENTO_LEIDO: 'documento.leido',
} as const;

export const LecturasPatterns = {
  /** Who read a document, newest first (ADMIN and AUDITOR). */
  LISTAR: 'documentos.lecturas.listar',
} as const;

/** What was read: the detail, its history, the receipt or its QR, the attachment list or one attachment. */
export const RecursosLeidos = ['DETALLE', 'HISTORIAL', 'COMPROBANTE', 'QR', 'ARCHIVOS', 'ARCHIVO'] as const;
export type RecursoLeido = (typeof RecursosLeidos)[number];

/** Payload of `documento.leido`. */
export interface DocumentoLeidoEvent {
  documentoId: string;
  usuarioId: string;
  recurso: RecursoLeido;
  archivoId: string | null;
  ip: string | null;
  /** When the read was answered (ISO 8601), not when it was written down. */
  leidoEn: string;
}

export interface LecturaDto {
  id: string;
  usuarioId: string;
  recurso: RecursoLeido;
  archivoId: string | null;
  ip: string | null;
  leidoEn: string;
}

export interface ListarLecturasRequest {
  actor: Actor;
  documentoId: string;
  limit?: number;
  cursor?: string;
}

export type LecturasPage = Page<LecturaDto>;
