import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret printed on the receipt (and in its QR URL) that, with the case number, lets a
 * citizen track a case. 32 symbols without 0/O/1/I, so each is exactly 5 bits: 16 symbols
 * carry 80 bits from the CSPRNG with no modulo bias. Stored only as a SHA-256 hash; with 80
 * random bits a plain hash is not brute-forceable.
 */
export const CODIGO_VERIFICACION_ALFABETO = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODIGO_VERIFICACION_LONGITUD = 16;
export const CODIGO_VERIFICACION_BITS = 80;
/** A normalized code (no separators). */
export const CODIGO_VERIFICACION_REGEX = /^[2-9A-HJ-NP-Z]{16}$/;

const GRUPO = 4;

/** What the citizen may type: any case, with or without dashes and spaces. */
export function normalizarCodigo(codigo: string): string {
  return String(codigo)
    .toUpperCase()
    .replace(/[\s-]+/g, '');
}

export function esCodigoVerificacion(codigo: string): boolean {
  return CODIGO_VERIFICACION_REGEX.test(normalizarCodigo(codigo));
}

/** 'K7QF9XMB2HTCW4RD' → 'K7QF-9XMB-2HTC-W4RD', for reading aloud and printing. */
export function formatearCodigo(codigo: string): string {
  const n = normalizarCodigo(codigo);
  const grupos: string[] = [];
  for (let i = 0; i < n.length; i += GRUPO) grupos.push(n.slice(i, i + GRUPO));
  return grupos.join('-');
}

export function generarCodigoVerificacion(): string {
  const bytes = randomBytes(CODIGO_VERIFICACION_BITS / 8);
  let acumulado = 0;
  let bits = 0;
  let codigo = '';
  for (const byte of bytes) {
    acumulado = (acumulado << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      codigo += CODIGO_VERIFICACION_ALFABETO[(acumulado >> bits) & 31];
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
