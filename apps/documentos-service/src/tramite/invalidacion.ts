import { CacheService } from '@mesa/shared/cache';
import { NS_DOCUMENTO, NS_DOCUMENTOS_LIST } from '../documentos/documentos.service';

/** After the commit: the changed documents' details and every list that may show them. */
export async function invalidarDocumentos(cache: CacheService, ids: string[]): Promise<void> {
  await Promise.all([...ids.map((id) => cache.delete(NS_DOCUMENTO, id)), cache.invalidate(NS_DOCUMENTOS_LIST)]);
}
