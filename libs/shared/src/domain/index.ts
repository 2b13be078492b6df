export {
  anioLima,
  esFechaLima,
  fechaLima,
  finDiaLima,
  inicioDiaLima,
  periodoLima,
  sumarDiasCalendario,
} from './lima-time';
export * from './calendario-laboral';
export * from './feriados-peru';
export * from './plazo.calculator';
export * from './numeracion';
export * from './documento.state-machine';
export * from './derivacion.state-machine';
export * from './cursor';
export * from './codigo-seguimiento';
