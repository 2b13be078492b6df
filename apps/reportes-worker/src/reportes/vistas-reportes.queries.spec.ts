import type { FiltrosReporte, TipoReporte } from '@mesa/shared/contracts';
import { Client } from 'pg';
import { FUENTES, Sentencia } from './vistas-reportes.queries';

/** The relations of other schemas a report may name: the views their owners keep for it, and their types. */
const PERMITIDAS = new Set([
  'documentos.reportes_documento',
  'documentos.reportes_area',
  'documentos.reportes_tipo_documento',
  'derivaciones.reportes_derivacion',
  'documentos.estado_documento',
  'documentos.prioridad',
  'derivaciones.estado_derivacion',
]);

/** Every filter set (so every optional clause appears), with a state of what the source counts. */
const filtros = (tipo: TipoReporte): FiltrosReporte => ({
  desde: '2026-01-01',
  hasta: '2026-12-31',
  areaId: 1,
  estado: tipo === 'documentos' || tipo === 'vencidos' ? 'REGISTRADO' : 'PENDIENTE',
  tipoDocumentoId: 1,
  prioridad: 'NORMAL',
});

const sentencias = (tipo: TipoReporte): [string, Sentencia][] => {
  const fuente = FUENTES[tipo];
  return [{}, filtros(tipo)].flatMap((f, i) => [
    [`${tipo} filas ${i}`, fuente.filas(f)],
    [`${tipo} porArea ${i}`, fuente.porArea(f)],
    [`${tipo} porDia ${i}`, fuente.porDia(f)],
  ]);
};
const todas = (Object.keys(FUENTES) as TipoReporte[]).flatMap(sentencias);

describe('what reports read of other services', () => {
  let pg: Client;

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
  });

  it.each(todas)('%s names no table of documentos or derivaciones, only their views for reports', (_, s) => {
    const nombradas = [...s.sql.matchAll(/\b(documentos|derivaciones)\.(\w+)/g)].map((m) => m[0]);
    expect(nombradas.length).toBeGreaterThan(0);
    expect(nombradas.filter((n) => !PERMITIDAS.has(n))).toEqual([]);
  });

  it.each(todas)('%s is valid against the migrated views', async (_, s) => {
    await expect(pg.query(`EXPLAIN ${s.sql}`, s.params)).resolves.toBeDefined();
  });
});
