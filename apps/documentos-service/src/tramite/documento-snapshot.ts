import { Documento } from '@mesa/db-entities';
import { CAMPOS_EDITABLES, DocumentoTramiteDto } from '@mesa/shared/contracts';
import { toDocumentoDto } from '../documentos/documento.mapper';

/** The fields whose changes the audit log records, as the API names them. */
const AUDITADOS = [
  ...CAMPOS_EDITABLES,
  'estado',
  'estadoPrevio',
  'areaActualId',
  'fechaLimite',
  'plazoPausadoDesde',
  'fechaLimiteSubsanacion',
  'diasPausados',
] as const satisfies readonly (keyof DocumentoTramiteDto)[];

export function toDocumentoTramiteDto(d: Documento): DocumentoTramiteDto {
  return {
    ...toDocumentoDto(d),
    version: d.version,
    estadoPrevio: d.estadoPrevio,
    plazoPausadoDesde: d.plazoPausadoDesde?.toISOString() ?? null,
    fechaLimiteSubsanacion: d.fechaLimiteSubsanacion?.toISOString() ?? null,
    diasPausados: d.diasPausados,
  };
}

export interface Diferencia {
  antes: Record<string, unknown>;
  despues: Record<string, unknown>;
}

/** Before and after of the audited fields that changed; empty objects when nothing did. */
export function diferencia(antes: DocumentoTramiteDto, despues: DocumentoTramiteDto): Diferencia {
  const d: Diferencia = { antes: {}, despues: {} };
  for (const campo of AUDITADOS) {
    if (JSON.stringify(antes[campo]) !== JSON.stringify(despues[campo])) {
      d.antes[campo] = antes[campo];
      d.despues[campo] = despues[campo];
    }
  }
  return d;
}

/** Registration stores the row as PostgreSQL names it; the history answers camelCase throughout. */
export function camelizar(valor: unknown): Record<string, unknown> | null {
  if (valor === null || typeof valor !== 'object' || Array.isArray(valor)) return null;
  return Object.fromEntries(
    Object.entries(valor as Record<string, unknown>).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}
