import { Actor, ClaveIdempotencia } from './auth.contract';
import { DocumentoDto, ListarDocumentosFiltros, RegistrarDocumentoInput } from './documentos.contract';

/** Batch intake, bulk reads and the CSV export's pages. */
export const DocumentosLotePatterns = {
  REGISTRAR_LOTE: 'documentos.registrarLote',
  POR_IDS: 'documentos.porIds',
  EXPORTAR_PAGINA: 'documentos.exportarPagina',
} as const;

export const MAX_LOTE = 500;
/** Rows per export page: one bus reply each, small enough to stay well under a megabyte or two. */
export const EXPORT_PAGE_SIZE = 1000;

export const DocumentosLoteErrors = {
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
} as const;

/** A registered document with its tracking code; an already known (origenExterno, idExterno) comes back without one. */
type DocumentoRegistradoDto = DocumentoDto & { codigoSeguimiento?: string };

export interface RegistrarLoteRequest {
  actor: Actor;
  documentos: RegistrarDocumentoInput[];
  idempotencia?: ClaveIdempotencia;
}

export interface RegistrarLoteReply {
  documentos: DocumentoRegistradoDto[];
}

export interface PorIdsRequest {
  actor: Actor;
  ids: string[];
}

export interface PorIdsReply {
  documentos: DocumentoDto[];
}

export type ExportarFiltros = Omit<ListarDocumentosFiltros, 'limit'>;

export interface ExportarPaginaRequest {
  actor: Actor;
  filtros: ExportarFiltros;
}

export interface ExportarPaginaReply {
  items: DocumentoDto[];
  nextCursor: string | null;
}
