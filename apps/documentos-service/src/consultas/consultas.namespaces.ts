import { CacheService } from '@mesa/shared/cache';

/**
 * Cache namespaces of the read-only views. Any change to documents stales them: registration
 * invalidates both (documentos.service.ts); so must every other write that changes what a
 * search or a statistic shows (state, office, subject).
 */
export const NS_DOCUMENTOS_BUSQUEDA = 'documentos:busqueda';
export const NS_DOCUMENTOS_ESTADISTICAS = 'documentos:estadisticas';

/** O(1): bumps both namespace versions. */
export async function invalidarConsultas(cache: CacheService): Promise<void> {
  await Promise.all([cache.invalidate(NS_DOCUMENTOS_BUSQUEDA), cache.invalidate(NS_DOCUMENTOS_ESTADISTICAS)]);
}
