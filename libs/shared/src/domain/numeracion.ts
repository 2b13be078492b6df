import { DomainException } from '../errors';

/** EXP-YYYY-NNNNNN: six-digit correlative that restarts every year (domain rule 1). */
export const NUMERO_EXPEDIENTE_REGEX = /^EXP-(\d{4})-(\d{6})$/;
/** DER-YYYYMM-NNNNNN: correlative per month. */
export const NUMERO_DERIVACION_REGEX = /^DER-(\d{4})(0[1-9]|1[0-2])-(\d{6})$/;
const PERIODO_REGEX = /^(\d{4})(0[1-9]|1[0-2])$/;

const MAX_CORRELATIVO = 999_999;

const NumeracionErrors = {
  NUMERO_EXPEDIENTE_INVALIDO: 'NUMERO_EXPEDIENTE_INVALIDO',
  NUMERO_DERIVACION_INVALIDO: 'NUMERO_DERIVACION_INVALIDO',
} as const;

export interface NumeroExpediente {
  anio: number;
  correlativo: number;
}

export interface NumeroDerivacion {
  periodo: string;
  correlativo: number;
}

/** A correlative that does not fit six digits would silently break ordering and uniqueness. */
function assertCorrelativo(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CORRELATIVO) {
    throw new RangeError(
      `Correlativo fuera de rango (1..${MAX_CORRELATIVO}): ${n}`,
    );
  }
}

const seis = (n: number) => String(n).padStart(6, '0');

export function formatNumeroExpediente(anio: number, n: number): string {
  if (!Number.isInteger(anio) || anio < 1000 || anio > 9999) {
    throw new RangeError(`Año inválido para un expediente: ${anio}`);
  }
  assertCorrelativo(n);
  return `EXP-${anio}-${seis(n)}`;
}

/** Accepts what a citizen types (surrounding spaces, lower case); rejects anything else. */
export function parseNumeroExpediente(valor: string): NumeroExpediente {
  const m =
    typeof valor === 'string'
      ? NUMERO_EXPEDIENTE_REGEX.exec(valor.trim().toUpperCase())
      : null;
  if (!m || +m[1] < 1000 || +m[2] < 1) {
    throw new DomainException(
      NumeracionErrors.NUMERO_EXPEDIENTE_INVALIDO,
      400,
      `Número de expediente inválido: se espera EXP-AAAA-NNNNNN (p. ej. EXP-2026-000123).`,
    );
  }
  return { anio: +m[1], correlativo: +m[2] };
}

export function esNumeroExpediente(valor: string): boolean {
  try {
    parseNumeroExpediente(valor);
    return true;
  } catch {
    return false;
  }
}

export function formatNumeroDerivacion(periodo: string, n: number): string {
  if (typeof periodo !== 'string' || !PERIODO_REGEX.test(periodo)) {
    throw new RangeError(
      `Periodo inválido (se espera AAAAMM): ${String(periodo)}`,
    );
  }
  assertCorrelativo(n);
  return `DER-${periodo}-${seis(n)}`;
}

export function parseNumeroDerivacion(valor: string): NumeroDerivacion {
  const m =
    typeof valor === 'string'
      ? NUMERO_DERIVACION_REGEX.exec(valor.trim().toUpperCase())
      : null;
  if (!m || +m[3] < 1) {
    throw new DomainException(
      NumeracionErrors.NUMERO_DERIVACION_INVALIDO,
      400,
      `Número de derivación inválido: se espera DER-AAAAMM-NNNNNN (p. ej. DER-202611-000045).`,
    );
  }
  return { periodo: `${m[1]}${m[2]}`, correlativo: +m[3] };
}
