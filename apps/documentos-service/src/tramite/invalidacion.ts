import { CacheService } from '@mesa/shared/cache';
import { DOCUMENTO_DETALLE_CACHE } from '@mesa/shared/contracts';
import { invalidarConsultas } from '../consultas/consultas.namespaces';
import { NS_DOCUMENTOS_LIST } from '../documentos/documentos.service';

/**
 * After the commit: the changed documents' details (the receipt's cache key derives from the
 * detail), every list that may show them, and the search and statistics views.
 */
export async function invalidarDocumentos(cache: CacheService, ids: string[]): Promise<void> {
  await Promise.all([
    ...ids.map((id) => cache.delete(DOCUMENTO_DETALLE_CACHE, id)),
    cache.invalidate(NS_DOCUMENTOS_LIST),
    invalidarConsultas(cache),
  ]);
}
