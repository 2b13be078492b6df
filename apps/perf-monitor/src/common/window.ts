import { badRequest } from '@mesa/shared/errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const MAX_WINDOW_SECONDS = 7 * 86400;

/** `30s`, `5m`, `1h`, `1d` → seconds; the default when absent; 400 for anything else. */
export function parseDuration(value: string | undefined, fallback: string, field: string): number {
  const m = /^(\d{1,5})([smhd])$/.exec((value ?? fallback).trim());
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2]] : NaN;
  if (!(seconds >= 1 && seconds <= MAX_WINDOW_SECONDS)) {
    throw badRequest('VALIDATION_FAILED', `${field} debe ser una duración como 30s, 5m, 1h o 1d (hasta 7d)`, [
      { field, message: 'duración inválida' },
    ]);
  }
  return seconds;
}

/** An instant as ISO 8601 or unix seconds → unix seconds. */
export function parseInstant(value: string | undefined, fallback: number, field: string): number {
  if (value === undefined || value === '') return fallback;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value) / 1000;
  if (!Number.isFinite(n))
    throw badRequest('VALIDATION_FAILED', `${field} debe ser una fecha ISO 8601 o segundos unix`, [
      { field, message: 'fecha inválida' },
    ]);
  return Math.floor(n);
}

export const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 100000) / 100);
