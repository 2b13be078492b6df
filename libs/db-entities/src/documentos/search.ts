/**
 * Text search configuration for documents: Spanish stemming with accents folded, so
 * 'resolucion' finds 'resolución'. Queries must use the same configuration, e.g.
 * `search_vector @@ websearch_to_tsquery('documentos.es_unaccent', $1)`.
 */
export const DOCUMENTOS_SEARCH_CONFIG = 'documentos.es_unaccent';
