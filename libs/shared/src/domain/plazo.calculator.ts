import { CalendarioLaboral } from './calendario-laboral';
import {
  assertInstante,
  fechaLima,
  FechaLima,
  finDiaLima,
  inicioDiaLima,
  minutoDelDiaLima,
  minutosDeHora,
  sumarDiasCalendario,
} from './lima-time';

/** Kinds of step with a default term when the document type sets none (domain rule 3). */
export type TipoPlazo =
  | 'recepcion'
  | 'simple'
  | 'informe'
  | 'evaluacion_previa';

const PLAZOS_POR_DEFECTO: Readonly<Record<TipoPlazo, number>> = {
  recepcion: 0,
  simple: 3,
  informe: 7,
  evaluacion_previa: 30,
};

/** Business days the sender has to correct an observed filing (domain rule 4). */
const PLAZO_SUBSANACION_DIAS = 2;

/** Default cutoff: any time of a business day counts as that day. */
const CORTE_POR_DEFECTO = '23:59';

/** Office hours, for "time to receive/attend in business hours" statistics. */
const JORNADA_LABORAL = { inicio: '08:30', fin: '16:30' } as const;

const HORA_MS = 60 * 60 * 1000;
const MINUTO_MS = 60 * 1000;

function assertDias(dias: number): void {
  if (!Number.isInteger(dias) || dias < 0) {
    throw new RangeError(`Días hábiles debe ser un entero >= 0: ${dias}`);
  }
}

/**
 * Business-day arithmetic on Lima dates. Instants in, instants out; the calendar decides which
 * dates count and the cutoff decides when a filing stops counting as the day it was made.
 */
export class PlazoCalculator {
  private readonly corteMinuto: number;
  private readonly jornadaInicioMs =
    minutosDeHora(JORNADA_LABORAL.inicio) * MINUTO_MS;
  private readonly jornadaFinMs =
    minutosDeHora(JORNADA_LABORAL.fin) * MINUTO_MS;

  /**
   * @param corte 'HH:MM' Lima; the whole cutoff minute still counts (with '16:30', 16:30:59
   *   is that day and 16:31:00 is the next business day; with '23:59' the whole day counts).
   */
  constructor(
    private readonly calendario: CalendarioLaboral,
    readonly corte: string = CORTE_POR_DEFECTO,
  ) {
    this.corteMinuto = minutosDeHora(corte);
  }

  /**
   * When a filing legally counts: the filing instant itself if it was made on a business day
   * up to the cutoff, otherwise 00:00 Lima of the next business day.
   */
  fechaRecepcionLegal(presentadoEn: Date): Date {
    assertInstante(presentadoEn);
    const fecha = fechaLima(presentadoEn);
    if (
      this.calendario.esDiaHabil(fecha) &&
      minutoDelDiaLima(presentadoEn) <= this.corteMinuto
    ) {
      return new Date(presentadoEn.getTime());
    }
    return inicioDiaLima(this.calendario.siguienteDiaHabil(fecha));
  }

  /**
   * The deadline `dias` business days after `desde`: 23:59:59.999 Lima of that day. `desde`
   * should already be a legal instant (see fechaRecepcionLegal); if it falls on a non-business
   * day, counting starts from the next business day. `dias = 0` is the end of that same day.
   */
  sumarDiasHabiles(desde: Date, dias: number): Date {
    assertInstante(desde);
    assertDias(dias);
    let dia = this.calendario.primerDiaHabilDesde(fechaLima(desde));
    for (let i = 0; i < dias; i++) dia = this.calendario.siguienteDiaHabil(dia);
    return finDiaLima(dia);
  }

  /** Deadline of a filing: legal reception first, then `dias` business days. */
  calcularFechaLimite(presentadoEn: Date, dias: number): Date {
    return this.sumarDiasHabiles(this.fechaRecepcionLegal(presentadoEn), dias);
  }

  /**
   * Business days elapsed: those whose Lima date is after `desde`'s date and not after
   * `hasta`'s (same day → 0, Friday → Monday → 1). Negative when `hasta` precedes `desde`.
   * Inverse of sumarDiasHabiles for a `desde` on a business day.
   */
  diasHabilesEntre(desde: Date, hasta: Date): number {
    assertInstante(desde);
    assertInstante(hasta);
    if (hasta.getTime() < desde.getTime())
      return -this.diasHabilesEntre(hasta, desde);
    const fin = fechaLima(hasta);
    let cuenta = 0;
    for (
      let dia = sumarDiasCalendario(fechaLima(desde), 1);
      dia <= fin;
      dia = sumarDiasCalendario(dia, 1)
    ) {
      if (this.calendario.esDiaHabil(dia)) cuenta++;
    }
    return cuenta;
  }

  /**
   * Hours of the interval that fall inside office hours (JORNADA_LABORAL) of business days.
   * Negative when `hasta` precedes `desde`.
   */
  horasHabilesEntre(desde: Date, hasta: Date): number {
    assertInstante(desde);
    assertInstante(hasta);
    if (hasta.getTime() < desde.getTime())
      return -this.horasHabilesEntre(hasta, desde);
    const fin = fechaLima(hasta);
    let ms = 0;
    for (
      let dia: FechaLima = fechaLima(desde);
      dia <= fin;
      dia = sumarDiasCalendario(dia, 1)
    ) {
      if (!this.calendario.esDiaHabil(dia)) continue;
      const inicioDia = inicioDiaLima(dia).getTime();
      const abre = Math.max(inicioDia + this.jornadaInicioMs, desde.getTime());
      const cierra = Math.min(inicioDia + this.jornadaFinMs, hasta.getTime());
      if (cierra > abre) ms += cierra - abre;
    }
    return ms / HORA_MS;
  }

  plazoPorDefecto(tipo: TipoPlazo): number {
    const dias = PLAZOS_POR_DEFECTO[tipo];
    if (dias === undefined)
      throw new RangeError(`Tipo de plazo desconocido: ${String(tipo)}`);
    return dias;
  }

  /** Last instant the sender may correct an observed filing. */
  vencimientoSubsanacion(observadoEn: Date): Date {
    return this.sumarDiasHabiles(observadoEn, PLAZO_SUBSANACION_DIAS);
  }

  /**
   * The deadline once the clock resumes: pushed by the business days it was paused
   * (typically diasHabilesEntre(observadoEn, subsanadoEn)). Zero days keeps it unchanged.
   */
  extenderPorPausa(fechaLimite: Date, diasPausados: number): Date {
    assertInstante(fechaLimite);
    assertDias(diasPausados);
    if (diasPausados === 0) return new Date(fechaLimite.getTime());
    return this.sumarDiasHabiles(fechaLimite, diasPausados);
  }
}
