/** Peru's national holidays (Ley 31542 and earlier laws), computed for any year. */
export interface FeriadoSeed {
  fecha: string;
  descripcion: string;
}

/** Easter Sunday (Gregorian calendar; anonymous algorithm of Meeus/Jones/Butcher). */
export function domingoDePascua(anio: number): { mes: number; dia: number } {
  const a = anio % 19;
  const b = Math.floor(anio / 100);
  const c = anio % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const mes = Math.floor((h + l - 7 * m + 114) / 31);
  const dia = ((h + l - 7 * m + 114) % 31) + 1;
  return { mes, dia };
}

function iso(anio: number, mes: number, dia: number): string {
  return new Date(Date.UTC(anio, mes - 1, dia)).toISOString().slice(0, 10);
}

export function feriadosNacionales(anio: number): FeriadoSeed[] {
  const pascua = domingoDePascua(anio);
  const fijo = (mes: number, dia: number, descripcion: string) => ({ fecha: iso(anio, mes, dia), descripcion });
  return [
    fijo(1, 1, 'Año Nuevo'),
    { fecha: iso(anio, pascua.mes, pascua.dia - 3), descripcion: 'Jueves Santo' },
    { fecha: iso(anio, pascua.mes, pascua.dia - 2), descripcion: 'Viernes Santo' },
    fijo(5, 1, 'Día del Trabajo'),
    fijo(6, 7, 'Batalla de Arica y Día de la Bandera'),
    fijo(6, 29, 'San Pedro y San Pablo'),
    fijo(7, 23, 'Día de la Fuerza Aérea del Perú'),
    fijo(7, 28, 'Fiestas Patrias'),
    fijo(7, 29, 'Fiestas Patrias'),
    fijo(8, 6, 'Batalla de Junín'),
    fijo(8, 30, 'Santa Rosa de Lima'),
    fijo(10, 8, 'Combate de Angamos'),
    fijo(11, 1, 'Día de Todos los Santos'),
    fijo(12, 8, 'Inmaculada Concepción'),
    fijo(12, 9, 'Batalla de Ayacucho'),
    fijo(12, 25, 'Navidad'),
  ].sort((x, y) => x.fecha.localeCompare(y.fecha));
}
