import {
  assertFechaLima,
  diaSemana,
  FechaLima,
  sumarDiasCalendario,
} from './lima-time';

/**
 * NACIONAL, REGIONAL and INSTITUCIONAL days are not business days; LABORABLE marks an
 * exceptional working day (e.g. a Saturday declared working to make up for a bridge holiday).
 */
type TipoFeriado =
  | 'NACIONAL'
  | 'REGIONAL'
  | 'INSTITUCIONAL'
  | 'LABORABLE';

const TIPOS_FERIADO: readonly TipoFeriado[] = [
  'NACIONAL',
  'REGIONAL',
  'INSTITUCIONAL',
  'LABORABLE',
];

export interface Feriado {
  fecha: FechaLima;
  tipo: TipoFeriado;
  nombre?: string;
}

/**
 * A run of non-business days longer than this means a broken holiday table (or a closure the
 * table should model differently); failing loudly beats looping forever.
 */
const MAX_DIAS_INHABILES_SEGUIDOS = 1000;

export class CalendarioLaboral {
  private readonly noLaborables = new Set<FechaLima>();
  private readonly laborables = new Set<FechaLima>();

  constructor(feriados: readonly Feriado[]) {
    for (const f of feriados) {
      assertFechaLima(f.fecha);
      if (!TIPOS_FERIADO.includes(f.tipo)) {
        throw new RangeError(
          `Tipo de feriado desconocido: ${String(f.tipo)} (${f.fecha})`,
        );
      }
      (f.tipo === 'LABORABLE' ? this.laborables : this.noLaborables).add(
        f.fecha,
      );
    }
  }

  /**
   * A holiday wins over a LABORABLE entry for the same date: when the table contradicts
   * itself, the reading that gives the citizen more time is the safe one.
   */
  esDiaHabil(fecha: FechaLima): boolean {
    assertFechaLima(fecha);
    if (this.noLaborables.has(fecha)) return false;
    if (this.laborables.has(fecha)) return true;
    const dia = diaSemana(fecha);
    return dia !== 0 && dia !== 6;
  }

  /** The first business day strictly after `fecha`. */
  siguienteDiaHabil(fecha: FechaLima): FechaLima {
    return this.primerDiaHabilDesde(sumarDiasCalendario(fecha, 1));
  }

  /** `fecha` itself when it is a business day, otherwise the next one. */
  primerDiaHabilDesde(fecha: FechaLima): FechaLima {
    let dia = fecha;
    for (let i = 0; i < MAX_DIAS_INHABILES_SEGUIDOS; i++) {
      if (this.esDiaHabil(dia)) return dia;
      dia = sumarDiasCalendario(dia, 1);
    }
    throw new Error(
      `Calendario sin días hábiles en ${MAX_DIAS_INHABILES_SEGUIDOS} días desde ${fecha}`,
    );
  }
}
