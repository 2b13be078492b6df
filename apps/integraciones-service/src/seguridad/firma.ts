import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VENTANA_FIRMA_SEGUNDOS } from '@mesa/shared/contracts';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): what both directions sign. */
export function firmar(secreto: string, timestamp: string | number, cuerpo: string): string {
  return `sha256=${createHmac('sha256', secreto).update(`${timestamp}.${cuerpo}`).digest('hex')}`;
}

/** Constant-time comparison of a presented signature with the expected one. */
export function firmaValida(secreto: string, timestamp: string, cuerpo: string, presentada: string): boolean {
  const esperada = Buffer.from(firmar(secreto, timestamp, cuerpo));
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
