import { CalendarioLaboral, Feriado } from './calendario-laboral';
import { sumarDiasCalendario } from './lima-time';

const feriados: Feriado[] = [
  { fecha: '2026-07-28', tipo: 'NACIONAL' },
  { fecha: '2026-07-29', tipo: 'NACIONAL' },
  { fecha: '2026-09-24', tipo: 'REGIONAL' },
  { fecha: '2026-10-09', tipo: 'INSTITUCIONAL' },
  { fecha: '2026-10-10', tipo: 'LABORABLE' },
  { fecha: '2026-12-31', tipo: 'INSTITUCIONAL' },
  { fecha: '2027-01-01', tipo: 'NACIONAL' },
  // Contradictory entries: the holiday must win.
  { fecha: '2026-11-02', tipo: 'LABORABLE' },
  { fecha: '2026-11-02', tipo: 'INSTITUCIONAL' },
];
const calendario = new CalendarioLaboral(feriados);

describe('CalendarioLaboral', () => {
  it.each([
    ['2026-07-27', true, 'a Monday'],
    ['2026-07-25', false, 'a Saturday'],
    ['2026-07-26', false, 'a Sunday'],
    ['2026-07-28', false, 'a national holiday'],
    ['2026-09-24', false, 'a regional holiday'],
    ['2026-10-09', false, 'an institutional non-working day'],
    ['2026-10-10', true, 'a Saturday declared working'],
    ['2026-10-17', false, 'an ordinary Saturday'],
    ['2026-11-02', false, 'a date both LABORABLE and a holiday'],
  ])('esDiaHabil(%s) = %s (%s)', (fecha, esperado) => {
    expect(calendario.esDiaHabil(fecha)).toBe(esperado);
  });

  it.each([
    ['2026-07-27', '2026-07-30'],
    ['2026-07-24', '2026-07-27'],
    ['2026-10-08', '2026-10-10'],
    ['2026-10-10', '2026-10-12'],
    ['2026-12-30', '2027-01-04'],
  ])('siguienteDiaHabil(%s) = %s', (fecha, esperado) => {
    expect(calendario.siguienteDiaHabil(fecha)).toBe(esperado);
  });

  it.each([
    ['2026-07-27', '2026-07-27'],
    ['2026-07-28', '2026-07-30'],
    ['2026-12-31', '2027-01-04'],
  ])('primerDiaHabilDesde(%s) = %s', (fecha, esperado) => {
    expect(calendario.primerDiaHabilDesde(fecha)).toBe(esperado);
  });

  it('rejects malformed tables and dates', () => {
    expect(
      () => new CalendarioLaboral([{ fecha: '2026-02-30', tipo: 'NACIONAL' }]),
    ).toThrow(RangeError);
    expect(
      () =>
        new CalendarioLaboral([
          { fecha: '2026-02-03', tipo: 'FESTIVO' as 'NACIONAL' },
        ]),
    ).toThrow(/Tipo de feriado desconocido/);
    expect(() => calendario.esDiaHabil('28/07/2026')).toThrow(RangeError);
  });

  it('fails loudly instead of looping forever when no business day is in sight', () => {
    const cerrado: Feriado[] = Array.from({ length: 1200 }, (_, i) => ({
      fecha: sumarDiasCalendario('2026-01-01', i),
      tipo: 'INSTITUCIONAL',
    }));
    expect(() =>
      new CalendarioLaboral(cerrado).primerDiaHabilDesde('2026-01-01'),
    ).toThrow(/sin días hábiles/);
  });
});
