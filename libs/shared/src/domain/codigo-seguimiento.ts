import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The tracking code: the secret printed on the receipt (and in its QR URL) that, with the case
 * number, lets a citizen track a case. 32 symbols without 0/O/1/I, so each is exactly 5 bits:
 * 16 symbols carry 80 bits with no modulo bias. Stored only as a SHA-256 hash; with 80
 * unguessable bits a plain hash is not brute-forceable.
 */
export const CODIGO_SEGUIMIENTO_ALFABETO = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODIGO_SEGUIMIENTO_BITS = 80;
/** Symbols of a normalized code; printed in groups of 4 with dashes, 3 characters more. */
export const CODIGO_SEGUIMIENTO_LONGITUD = CODIGO_SEGUIMIENTO_BITS / 5;
/** A normalized code (no separators). */
const CODIGO_SEGUIMIENTO_REGEX = /^[2-9A-HJ-NP-Z]{16}$/;

const GRUPO = 4;

/** What the citizen may type: any case, with or without dashes and spaces. */
export function normalizarCodigo(codigo: string): string {
  return String(codigo)
    .toUpperCase()
    .replace(/[\s-]+/g, '');
}

export function esCodigoSeguimiento(codigo: string): boolean {
  return CODIGO_SEGUIMIENTO_REGEX.test(normalizarCodigo(codigo));
}

/** 'K7QF9XMB2HTCW4RD' → 'K7QF-9XMB-2HTC-W4RD', for reading aloud and printing. */
export function formatearCodigo(codigo: string): string {
  const n = normalizarCodigo(codigo);
  const grupos: string[] = [];
  for (let i = 0; i < n.length; i += GRUPO) grupos.push(n.slice(i, i + GRUPO));
  return grupos.join('-');
}

/**
 * A document's tracking code: HMAC-SHA256(secret, documentId), its first 80 bits as 16 symbols
 * of the alphabet, 5 bits each from the top. Deterministic, so the receipt can print the code
 * again whenever it is asked for; without the secret it is as unguessable as a random one.
 */
export function derivarCodigoSeguimiento(secret: string, documentoId: string): string {
  const mac = createHmac('sha256', secret).update(documentoId.toLowerCase(), 'utf8').digest();
  let acumulado = 0;
  let bits = 0;
  let codigo = '';
  for (const byte of mac.subarray(0, CODIGO_SEGUIMIENTO_BITS / 8)) {
    acumulado = (acumulado << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      codigo += CODIGO_SEGUIMIENTO_ALFABETO[(acumulado >> bits) & 31];
    }
    acumulado &= (1 << bits) - 1;
  }
  return formatearCodigo(codigo);
}

/** SHA-256 (hex) of the normalized code: the only form that is stored. */
export function hashCodigo(codigo: string): string {
  return createHash('sha256')
    .update(normalizarCodigo(codigo), 'utf8')
    .digest('hex');
}

/** Constant-time comparison of a typed code against a stored hash. */
export function codigoCoincide(codigo: string, hashGuardado: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hashGuardado)) return false;
  return timingSafeEqual(
    Buffer.from(hashCodigo(codigo), 'hex'),
    Buffer.from(hashGuardado, 'hex'),
  );
}
