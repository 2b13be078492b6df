/**
 * The demonstration institution: a regional transport directorate's offices, document types
 * with their terms, and one user per role. `peso` is the share (out of 100) of documents an
 * office holds or a type accounts for in generated data.
 */
export const AREAS = [
  { codigo: 'MP', nombre: 'Mesa de Partes', peso: 0 },
  { codigo: 'DG', nombre: 'Dirección General', peso: 8 },
  { codigo: 'AJ', nombre: 'Asesoría Jurídica', peso: 10 },
  { codigo: 'ADM', nombre: 'Administración', peso: 7 },
  { codigo: 'LOG', nombre: 'Logística', peso: 4 },
  { codigo: 'RRHH', nombre: 'Recursos Humanos', peso: 3 },
  { codigo: 'TRA', nombre: 'Tránsito', peso: 20 },
  { codigo: 'TRP', nombre: 'Transporte', peso: 18 },
  { codigo: 'LIC', nombre: 'Licencias', peso: 24 },
  { codigo: 'FIS', nombre: 'Fiscalización', peso: 6 },
] as const;

/** Where new filings wait until they are routed. */
export const AREA_MESA_DE_PARTES = 'MP';

export const TIPOS_DOCUMENTO = [
  { codigo: 'SOL', nombre: 'Solicitud', plazoDias: 15, peso: 35 },
  { codigo: 'OFI', nombre: 'Oficio', plazoDias: 7, peso: 15 },
  { codigo: 'MEM', nombre: 'Memorando', plazoDias: 3, peso: 8 },
  { codigo: 'CAR', nombre: 'Carta', plazoDias: 7, peso: 10 },
  { codigo: 'INF', nombre: 'Informe', plazoDias: 7, peso: 8 },
  { codigo: 'EXP', nombre: 'Expediente administrativo', plazoDias: 30, peso: 10 },
  { codigo: 'QUE', nombre: 'Queja', plazoDias: 15, peso: 5 },
  { codigo: 'RAP', nombre: 'Recurso de apelación', plazoDias: 30, peso: 4 },
  { codigo: 'RRC', nombre: 'Recurso de reconsideración', plazoDias: 30, peso: 3 },
  { codigo: 'DEN', nombre: 'Denuncia', plazoDias: 15, peso: 2 },
] as const;

export const USUARIOS = [
  { username: 'admin', nombre: 'Administrador del sistema', rol: 'ADMIN', area: null },
  { username: 'mesa', nombre: 'Operador de Mesa de Partes', rol: 'MESA_PARTES', area: 'MP' },
  { username: 'auditor', nombre: 'Auditor de protección de datos', rol: 'AUDITOR', area: null },
  { username: 'sre', nombre: 'Ingeniero de operaciones', rol: 'SRE', area: null },
  { username: 'area1', nombre: 'Especialista de Mesa de Partes', rol: 'AREA', area: 'MP' },
  { username: 'area2', nombre: 'Especialista de Dirección General', rol: 'AREA', area: 'DG' },
] as const;

/** 100 slots filled by weight: picking slot 1 + floor(random() * 100) draws with those weights. */
export function slotsPorPeso<T>(items: ReadonlyArray<{ peso: number }>, valor: (index: number) => T): T[] {
  const total = items.reduce((sum, item) => sum + item.peso, 0);
  if (total !== 100) throw new Error(`weights add up to ${total}, not 100`);
  return items.flatMap((item, index) => Array.from({ length: item.peso }, () => valor(index)));
}
