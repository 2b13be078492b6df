import { createPlansDatabase, PlansDatabase } from '../../../tools/seed/plans-database';

/** 200,000 documents, no derivations: the size documentos' plans are proven on. */
export const documentosPlansDatabase = (suffix: string): Promise<PlansDatabase> =>
  createPlansDatabase(suffix, { documentos: 200_000, derivacionesPorDocumento: 0 });
