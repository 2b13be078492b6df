import { createPlansDatabase, PlansDatabase } from '../../../tools/seed/plans-database';

/** Documents seeded so that, at 3 derivations per document on average, there are about 500,000 derivations. */
const DOCUMENTOS_PLANES = 170_000;

/**
 * About 500,000 derivations (the seed's routes: 3 per document on average, the last one open for
 * documents still in process).
 */
export const derivacionesPlansDatabase = (suffix: string): Promise<PlansDatabase> =>
  createPlansDatabase(suffix, { documentos: DOCUMENTOS_PLANES, derivacionesPorDocumento: 3 });
