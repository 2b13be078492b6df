/**
 * Calendar arithmetic on Lima local dates. Peru keeps UTC-05:00 all year (no daylight saving
 * since 1994), so a fixed offset is exact and nothing here depends on the machine's time zone:
 * every conversion goes through UTC fields only.
 */
const LIMA_OFFSET_MS = -5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const FECHA_REGEX = /^(\d{4})-(\d{2})-(\d{2})$/;
const HORA_REGEX = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A Lima calendar date, 'YYYY-MM-DD'. */
export type FechaLima = string;

export function assertInstante(instante: Date): void {
  if (!(instante instanceof Date) || Number.isNaN(instante.getTime())) {
    throw new RangeError(`Instante inválido: ${String(instante)}`);
  }
}

/** Shifts an instant so its UTC fields read as Lima wall-clock fields. */
function relojLima(instante: Date): Date {
  assertInstante(instante);
  return new Date(instante.getTime() + LIMA_OFFSET_MS);
}

export function esFechaLima(valor: string): boolean {
  const m = FECHA_REGEX.exec(valor);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return (
    d.getUTCFullYear() === +m[1] &&
    d.getUTCMonth() === +m[2] - 1 &&
    d.getUTCDate() === +m[3]
  );
}

export function assertFechaLima(valor: string): void {
  if (typeof valor !== 'string' || !esFechaLima(valor)) {
    throw new RangeError(
      `Fecha inválida (se espera YYYY-MM-DD): ${String(valor)}`,
    );
  }
}

/** The Lima calendar date of an instant. */
export function fechaLima(instante: Date): FechaLima {
  return relojLima(instante).toISOString().slice(0, 10);
}

/** Minutes since Lima midnight (0..1439), seconds discarded. */
export function minutoDelDiaLima(instante: Date): number {
  const r = relojLima(instante);
  return r.getUTCHours() * 60 + r.getUTCMinutes();
}

export function anioLima(instante: Date): number {
  return relojLima(instante).getUTCFullYear();
}

/** 'YYYYMM' of the Lima date: the period that numbers derivations. */
export function periodoLima(instante: Date): string {
  return fechaLima(instante).slice(0, 7).replace('-', '');
}

/** 00:00:00.000 Lima of a date, as an instant. */
export function inicioDiaLima(fecha: FechaLima): Date {
  assertFechaLima(fecha);
  return new Date(Date.parse(`${fecha}T00:00:00.000Z`) - LIMA_OFFSET_MS);
}

/** 23:59:59.999 Lima of a date: the last instant a deadline on that day still holds. */
export function finDiaLima(fecha: FechaLima): Date {
  return new Date(inicioDiaLima(fecha).getTime() + DAY_MS - 1);
}

export function sumarDiasCalendario(fecha: FechaLima, dias: number): FechaLima {
  assertFechaLima(fecha);
  return new Date(Date.parse(`${fecha}T00:00:00.000Z`) + dias * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function diaSemana(fecha: FechaLima): number {
  assertFechaLima(fecha);
  return new Date(`${fecha}T00:00:00.000Z`).getUTCDay();
}

/** 'HH:MM' → minutes since midnight; throws on anything else. */
export function minutosDeHora(hora: string): number {
  const m = typeof hora === 'string' ? HORA_REGEX.exec(hora) : null;
  if (!m)
    throw new RangeError(`Hora inválida (se espera HH:MM): ${String(hora)}`);
  return +m[1] * 60 + +m[2];
}
