import { Feriado } from './calendario-laboral';
import { FechaLima, sumarDiasCalendario } from './lima-time';

interface FeriadoFijo {
  mesDia: string;
  nombre: string;
  /** First year the holiday applies: several were added by law recently. */
  desde?: number;
}

/** Decreto Legislativo 713, art. 6, as amended by Leyes 31381 (2022), 31788 and 31822 (2023). */
const FIJOS: readonly FeriadoFijo[] = [
  { mesDia: '01-01', nombre: 'Año Nuevo' },
  { mesDia: '05-01', nombre: 'Día del Trabajo' },
  // Ley 31788 was published on 2023-06-15, after that year's 7 June.
  {
    mesDia: '06-07',
    nombre: 'Batalla de Arica y Día de la Bandera',
    desde: 2024,
  },
  { mesDia: '06-29', nombre: 'San Pedro y San Pablo' },
  { mesDia: '07-23', nombre: 'Día de la Fuerza Aérea del Perú', desde: 2023 },
  { mesDia: '07-28', nombre: 'Fiestas Patrias' },
  { mesDia: '07-29', nombre: 'Fiestas Patrias' },
  { mesDia: '08-06', nombre: 'Batalla de Junín', desde: 2022 },
  { mesDia: '08-30', nombre: 'Santa Rosa de Lima' },
  { mesDia: '10-08', nombre: 'Combate de Angamos' },
  { mesDia: '11-01', nombre: 'Todos los Santos' },
  { mesDia: '12-08', nombre: 'Inmaculada Concepción' },
  { mesDia: '12-09', nombre: 'Batalla de Ayacucho', desde: 2022 },
  { mesDia: '12-25', nombre: 'Navidad del Señor' },
];

function assertAnio(anio: number): void {
  if (!Number.isInteger(anio) || anio < 1583 || anio > 9999) {
    throw new RangeError(
      `Año fuera del calendario gregoriano soportado: ${anio}`,
    );
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function fechaPascua(anio: number): FechaLima {
  assertAnio(anio);
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
  return `${anio}-${pad2(mes)}-${pad2(dia)}`;
}

/** Peru's national holidays of a year, in date order. */
export function feriadosNacionales(anio: number): Feriado[] {
  assertAnio(anio);
  const pascua = fechaPascua(anio);
  const feriados: Feriado[] = FIJOS.filter(
    (f) => f.desde === undefined || anio >= f.desde,
  ).map((f) => ({
    fecha: `${anio}-${f.mesDia}`,
    tipo: 'NACIONAL',
    nombre: f.nombre,
  }));
  feriados.push(
    {
      fecha: sumarDiasCalendario(pascua, -3),
      tipo: 'NACIONAL',
      nombre: 'Jueves Santo',
    },
    {
      fecha: sumarDiasCalendario(pascua, -2),
      tipo: 'NACIONAL',
      nombre: 'Viernes Santo',
    },
  );
  return feriados.sort((x, y) => x.fecha.localeCompare(y.fecha));
}
