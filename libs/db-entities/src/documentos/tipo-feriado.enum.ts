/** Kinds of entries in the holiday table; LABORABLE marks an exceptional working day. */
export enum TipoFeriado {
  NACIONAL = 'NACIONAL',
  REGIONAL = 'REGIONAL',
  INSTITUCIONAL = 'INSTITUCIONAL',
  LABORABLE = 'LABORABLE',
}
