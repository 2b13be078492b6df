import { DomainException } from '../errors';

/**
 * Opaque keyset cursors: base64url of `{"v":1,"t":"ds","k":[...]}`, where `t` tags each key
 * (d = date as ISO-8601 UTC with milliseconds, s = string, n = number). They are not signed:
 * a client can forge a syntactically valid cursor, which only moves it within rows it may
 * already see, so the point of strict decoding is rejecting garbage with a clean 400 instead
 * of a database error. Decoding accepts only the exact bytes encodeCursor would produce.
 */
export type CursorCampo = 'date' | 'string' | 'number';
export type CursorValor = string | number | Date;
type ValorDe<C> = C extends 'date'
  ? Date
  : C extends 'string'
    ? string
    : number;
export type CursorValores<S extends readonly CursorCampo[]> = {
  -readonly [K in keyof S]: ValorDe<S[K]>;
};

const CURSOR_VERSION = 1;
/** Far above any real key set; bounds the work a hostile cursor can cause. */
export const MAX_CURSOR_LENGTH = 1024;

export const CursorErrors = {
  CURSOR_INVALIDO: 'CURSOR_INVALIDO',
} as const;

const ETIQUETAS: Record<CursorCampo, string> = {
  date: 'd',
  string: 's',
  number: 'n',
};
const BASE64URL_REGEX = /^[A-Za-z0-9_-]+$/;

interface CursorPayload {
  v: number;
  t: string;
  k: (string | number)[];
}

function invalido(): DomainException {
  return new DomainException(
    CursorErrors.CURSOR_INVALIDO,
    400,
    'Cursor de paginación inválido o alterado.',
  );
}

function etiquetar(valor: CursorValor): [string, string | number] {
  if (valor instanceof Date) {
    if (Number.isNaN(valor.getTime()))
      throw new RangeError('Fecha inválida en el cursor');
    return ['d', valor.toISOString()];
  }
  if (typeof valor === 'number') {
    if (!Number.isFinite(valor))
      throw new RangeError(`Número no finito en el cursor: ${valor}`);
    return ['n', valor];
  }
  if (typeof valor === 'string') return ['s', valor];
  throw new RangeError(`Tipo no admitido en el cursor: ${typeof valor}`);
}

export function encodeCursor(values: readonly CursorValor[]): string {
  if (values.length === 0)
    throw new RangeError('Un cursor necesita al menos una clave');
  const etiquetados = values.map(etiquetar);
  const payload: CursorPayload = {
    v: CURSOR_VERSION,
    t: etiquetados.map(([t]) => t).join(''),
    k: etiquetados.map(([, k]) => k),
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function valorDe(campo: CursorCampo, bruto: unknown): CursorValor {
  switch (campo) {
    case 'date': {
      if (typeof bruto !== 'string') throw invalido();
      const fecha = new Date(bruto);
      if (Number.isNaN(fecha.getTime()) || fecha.toISOString() !== bruto)
        throw invalido();
      return fecha;
    }
    case 'string':
      if (typeof bruto !== 'string') throw invalido();
      return bruto;
    case 'number':
      if (typeof bruto !== 'number' || !Number.isFinite(bruto))
        throw invalido();
      return bruto;
  }
}

export function decodeCursor<const S extends readonly CursorCampo[]>(
  cursor: string,
  shape: S,
): CursorValores<S> {
  if (shape.length === 0)
    throw new RangeError('La forma del cursor necesita al menos un campo');
  if (
    typeof cursor !== 'string' ||
    cursor.length > MAX_CURSOR_LENGTH ||
    !BASE64URL_REGEX.test(cursor)
  ) {
    throw invalido();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalido();
  }
  const p = payload as CursorPayload;
  const etiquetasEsperadas = shape.map((c) => ETIQUETAS[c]).join('');
  if (
    !p ||
    typeof p !== 'object' ||
    Array.isArray(p) ||
    p.v !== CURSOR_VERSION ||
    p.t !== etiquetasEsperadas ||
    !Array.isArray(p.k) ||
    p.k.length !== shape.length
  ) {
    throw invalido();
  }
  const valores = shape.map((campo, i) => valorDe(campo, p.k[i]));
  // Canonical form only: rejects extra fields, reordered keys, padding and stray bits.
  if (encodeCursor(valores) !== cursor) throw invalido();
  return valores as CursorValores<S>;
}
