import { createHash } from 'node:crypto';
import type { FiltrosReporte, FormatoReporte, TipoReporte } from '@mesa/shared/contracts';

/** The same request within this window answers the same task. */
export const VENTANA_DUPLICADOS_MS = 10 * 60_000;

/** Filters with their keys sorted and empty values dropped: equal requests give equal text. */
export function filtrosCanonicos(f: FiltrosReporte): FiltrosReporte {
  return Object.fromEntries(
    Object.entries(f)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .sort(([a], [b]) => a.localeCompare(b)),
  ) as FiltrosReporte;
}

/**
 * The task id: a hash of who asked what, and of the window the request falls in, shaped as a
 * UUID. It is also the queue's job id, so a duplicate is dropped by the queue as well as by the
 * table's primary key. Fixed windows: two requests either side of a boundary get two tasks.
 */
export function idReporte(usuarioId: string, tipo: TipoReporte, formato: FormatoReporte, filtros: FiltrosReporte, ahora = Date.now()): string {
  const ventana = Math.floor(ahora / VENTANA_DUPLICADOS_MS);
  return comoUuid(JSON.stringify([usuarioId, tipo, formato, filtrosCanonicos(filtros), ventana]));
}

/**
 * The task id of a request with an `Idempotency-Key`: the key, not the window, makes it the same
 * request, so a retry at any time meets the first task on the table's primary key and the
 * queue's job id (the write itself is what is idempotent).
 */
export function idDeClave(usuarioId: string, key: string): string {
  return comoUuid(JSON.stringify([usuarioId, 'Idempotency-Key', key]));
}

/** Whether a stored task answers this request (same type, format and filters). */
export function mismoPedido(
  a: { tipo: TipoReporte; formato: FormatoReporte; filtros: FiltrosReporte },
  b: { tipo: TipoReporte; formato: FormatoReporte; filtros: FiltrosReporte },
): boolean {
  const texto = (p: typeof a) => JSON.stringify([p.tipo, p.formato, filtrosCanonicos(p.filtros)]);
  return texto(a) === texto(b);
}

/**
 * The id a request takes when the window's task ended without a file (failed or cancelled):
 * asking again is then a new task, and duplicates of that new request still meet on one id.
 */
export function idSiguiente(id: string): string {
  return comoUuid(`${id}/siguiente`);
}

function comoUuid(texto: string): string {
  const h = createHash('sha256').update(texto).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
