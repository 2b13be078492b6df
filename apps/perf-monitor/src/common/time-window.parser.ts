import { badRequest } from '@mesa/shared/errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const MAX_WINDOW_SECONDS = 7 * 86400;

/** `30s`, `5m`, `1h`, `1d` → seconds; the default when absent; 400 for anything else (a repeated key too). */
export function parseDuration(value: unknown, fallback: string, field: string): number {
  const text = value ?? fallback;
  const m = typeof text === 'string' ? /^(\d{1,5})([smhd])$/.exec(text.trim()) : null;
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2]] : NaN;
  if (!(seconds >= 1 && seconds <= MAX_WINDOW_SECONDS)) {
    throw badRequest('VALIDATION_FAILED', `${field} debe ser una duración como 30s, 5m, 1h o 1d (hasta 7d)`, [
      { field, message: 'duración inválida' },
    ]);
  }
  return seconds;
}

/** Instants after this (2100-01-01) are typing errors, and past what dates and Prometheus handle. */
const MAX_INSTANT_SECONDS = 4_102_444_800;

/** ISO 8601 as Date.parse reads it reliably; V8 also reads "-1" or "1 2" as dates of its own. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An instant as ISO 8601 or unix seconds, from 1970 to 2100 → unix seconds; 400 for anything else. */
export function parseInstant(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === '') return fallback;
  const n =
    typeof value !== 'string' ? NaN : /^\d+(\.\d+)?$/.test(value) ? Number(value) : ISO_8601.test(value) ? Date.parse(value) / 1000 : NaN;
  if (!(n >= 0 && n <= MAX_INSTANT_SECONDS))
    throw badRequest('VALIDATION_FAILED', `${field} debe ser una fecha ISO 8601 o segundos unix, de 1970 a 2100`, [
      { field, message: 'fecha inválida' },
    ]);
  return Math.floor(n);
}

export const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 100000) / 100);
