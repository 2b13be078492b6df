import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from './api/client';

type Area = Schemas['AreaSchema'];
type Tipo = Schemas['TipoDocumentoSchema'];

let cache: Promise<{ areas: Area[]; tipos: Tipo[] }> | null = null;

/** Offices and document types, read once per page load (they change rarely). */
export function useCatalogos(): { areas: Area[]; tipos: Tipo[] } {
  const [value, setValue] = useState<{ areas: Area[]; tipos: Tipo[] }>({ areas: [], tipos: [] });
  useEffect(() => {
    cache ??= Promise.all([ok(api.GET('/api/v1/areas')), ok(api.GET('/api/v1/tipos-documento'))]).then(([areas, tipos]) => ({
      areas: areas as Area[],
      tipos: tipos as Tipo[],
    }));
    cache.then(setValue, () => (cache = null));
  }, []);
  return value;
}

/** An office's name; a document with no office yet is still at the desk that registered it. */
export const nombreArea = (areas: Area[], id?: number | null) =>
  areas.find((a) => a.id === id)?.nombre ?? (id ? `Oficina ${id}` : 'Mesa de Partes (registro)');
