import {
  anioLima,
  diaSemana,
  esFechaLima,
  fechaLima,
  finDiaLima,
  inicioDiaLima,
  minutoDelDiaLima,
  minutosDeHora,
  periodoLima,
  sumarDiasCalendario,
} from './lima-time';

describe('lima-time', () => {
  it.each([
    ['2026-01-01T04:59:59.999Z', '2025-12-31', 23 * 60 + 59, 2025, '202512'],
    ['2026-01-01T05:00:00.000Z', '2026-01-01', 0, 2026, '202601'],
    ['2026-07-28T15:30:00.000Z', '2026-07-28', 10 * 60 + 30, 2026, '202607'],
    ['2026-12-01T03:00:00.000Z', '2026-11-30', 22 * 60, 2026, '202611'],
  ])(
    '%s is %s at minute %i in Lima (year %i, period %s)',
    (iso, fecha, minuto, anio, periodo) => {
      const instante = new Date(iso);
      expect(fechaLima(instante)).toBe(fecha);
      expect(minutoDelDiaLima(instante)).toBe(minuto);
      expect(anioLima(instante)).toBe(anio);
      expect(periodoLima(instante)).toBe(periodo);
    },
  );

  it.each([
    ['2026-07-28', '2026-07-28T05:00:00.000Z', '2026-07-29T04:59:59.999Z'],
    ['2026-12-31', '2026-12-31T05:00:00.000Z', '2027-01-01T04:59:59.999Z'],
    ['2024-02-29', '2024-02-29T05:00:00.000Z', '2024-03-01T04:59:59.999Z'],
  ])('day %s runs from %s to %s', (fecha, inicio, fin) => {
    expect(inicioDiaLima(fecha).toISOString()).toBe(inicio);
    expect(finDiaLima(fecha).toISOString()).toBe(fin);
  });

  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-1-1', false],
    ['2026-01-01T00:00', false],
    ['', false],
  ])('esFechaLima(%j) = %s', (valor, esperado) => {
    expect(esFechaLima(valor)).toBe(esperado);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-04-05', -3, '2026-04-02'],
  ])('%s + %i calendar days = %s', (fecha, dias, esperado) => {
    expect(sumarDiasCalendario(fecha, dias)).toBe(esperado);
  });

  it.each([
    ['2026-07-25', 6],
    ['2026-07-26', 0],
    ['2026-07-27', 1],
  ])('%s is weekday %i', (fecha, dia) => {
    expect(diaSemana(fecha)).toBe(dia);
  });

  it('parses HH:MM and rejects anything else', () => {
    expect(minutosDeHora('16:30')).toBe(990);
    expect(minutosDeHora('00:00')).toBe(0);
    expect(minutosDeHora('23:59')).toBe(1439);
    for (const malo of ['24:00', '9:30', '16:30:00', '16:60', '']) {
      expect(() => minutosDeHora(malo)).toThrow(RangeError);
    }
  });

  it('rejects invalid dates and instants', () => {
    expect(() => inicioDiaLima('2026-02-30')).toThrow(RangeError);
    expect(() => fechaLima(new Date('nope'))).toThrow(RangeError);
  });
});
