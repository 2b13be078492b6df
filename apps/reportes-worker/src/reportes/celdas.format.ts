import type { Columna } from './vistas-reportes.queries';

/** Lima has no daylight saving time: its wall clock is UTC−5 all year. */
const LIMA_OFFSET_MS = -5 * 3600 * 1000;

/** A Date whose UTC fields read as Lima's wall clock: spreadsheets have no time zones. */
function horaLimaComoFecha(d: Date): Date {
  return new Date(d.getTime() + LIMA_OFFSET_MS);
}

/** `YYYY-MM-DD HH:mm` in Lima. */
export function textoFechaLima(d: Date): string {
  return horaLimaComoFecha(d).toISOString().slice(0, 16).replace('T', ' ');
}

/** A cell value as text (CSV, PDF tables). */
export function texto(c: Columna, valor: unknown): string {
  if (valor === null || valor === undefined) return '';
  if (valor instanceof Date) return textoFechaLima(valor);
  if (c.tipo === 'numero' && typeof valor === 'number') return Number.isInteger(valor) ? String(valor) : valor.toFixed(1);
  return String(valor);
}

/** A cell value for a spreadsheet: numbers stay numbers, dates become Lima wall-clock dates. */
export function celda(c: Columna, valor: unknown): string | number | Date | null {
  if (valor === null || valor === undefined) return null;
  if (valor instanceof Date) return horaLimaComoFecha(valor);
  if (c.tipo === 'numero') return Number(valor);
  return String(valor);
}

/** RFC 4180 field: quoted when it holds a separator, quote or line break; formula-like text neutralised. */
export function campoCsv(valor: string): string {
  // A leading =, +, - or @ would be run as a formula by spreadsheets (CSV injection).
  const seguro = /^[=+\-@\t\r]/.test(valor) && !/^-?\d+(\.\d+)?$/.test(valor) ? `'${valor}` : valor;
  return /[",\r\n]/.test(seguro) ? `"${seguro.replace(/"/g, '""')}"` : seguro;
}

export function lineaCsv(valores: string[]): string {
  return `${valores.map(campoCsv).join(',')}\r\n`;
}

/** Figures accumulated while rows stream by: the summary of the Excel file and of the PDF. */
export class Totales {
  filas = 0;
  readonly grupos = new Map<string, number>();
  readonly sumas = new Map<string, number>();

  constructor(
    private readonly columnas: Columna[],
    private readonly agruparPor?: string,
  ) {}

  agregar(row: Record<string, unknown>): void {
    this.filas++;
    if (this.agruparPor) {
      const clave = String(row[this.agruparPor] ?? '—');
      this.grupos.set(clave, (this.grupos.get(clave) ?? 0) + 1);
    }
    for (const c of this.columnas) {
      if (c.sumar) this.sumas.set(c.clave, (this.sumas.get(c.clave) ?? 0) + (Number(row[c.clave]) || 0));
    }
  }
}
