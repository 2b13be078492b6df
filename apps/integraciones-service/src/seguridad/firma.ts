import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VENTANA_FIRMA_SEGUNDOS } from '@mesa/shared/contracts';

/** What a signature covers: the timestamp and the whole request, so none of it can be swapped. */
export interface Firmado {
  timestamp: string | number;
  /** GET, POST… */
  metodo: string;
  /** The path with its query string, as sent (`/api/v1/integracion/estado/OF-1?x=1`). */
  ruta: string;
  /** The body exactly as sent ('' when there is none). */
  cuerpo: string;
}

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${METHOD}.${path?query}.${body}`): what both
 * directions sign.
 */
export function firmar(secreto: string, f: Firmado): string {
  const base = `${f.timestamp}.${f.metodo.toUpperCase()}.${f.ruta}.${f.cuerpo}`;
  return `sha256=${createHmac('sha256', secreto).update(base).digest('hex')}`;
}

/** Constant-time comparison of a presented signature with the expected one. */
export function firmaValida(secreto: string, f: Firmado, presentada: string): boolean {
  const esperada = Buffer.from(firmar(secreto, f));
  const dada = Buffer.from(presentada);
  return esperada.length === dada.length && timingSafeEqual(esperada, dada);
}

/** A timestamp (Unix seconds) within the window around now; anything unparsable is outside. */
export function dentroDeVentana(
  timestamp: string,
  ahoraMs = Date.now(),
  ventanaSegundos = VENTANA_FIRMA_SEGUNDOS,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(ahoraMs / 1000 - Number(timestamp)) <= ventanaSegundos;
}

/** API keys are stored as their SHA-256: they are long random strings, so no salt or KDF is needed. */
export const hashApiKey = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');

/** A new random secret (API key or webhook secret), URL-safe. */
export const nuevoSecreto = (prefijo: string) => `${prefijo}_${randomBytes(32).toString('base64url')}`;
