import { fechaPascua, feriadosNacionales } from './feriados-peru';

describe('feriados-peru', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (anio, pascua) => {
    expect(fechaPascua(anio)).toBe(pascua);
  });

  it.each([
    [2024, '2024-03-28', '2024-03-29'],
    [2025, '2025-04-17', '2025-04-18'],
    [2026, '2026-04-02', '2026-04-03'],
    [2027, '2027-03-25', '2027-03-26'],
  ])(
    '%i: Holy Thursday %s and Good Friday %s are holidays',
    (anio, jueves, viernes) => {
      const feriados = feriadosNacionales(anio);
      expect(feriados).toContainEqual({
        fecha: jueves,
        tipo: 'NACIONAL',
        nombre: 'Jueves Santo',
      });
      expect(feriados).toContainEqual({
        fecha: viernes,
        tipo: 'NACIONAL',
        nombre: 'Viernes Santo',
      });
    },
  );

  it('lists the 2026 national holidays in date order', () => {
    expect(feriadosNacionales(2026).map((f) => f.fecha)).toEqual([
      '2026-01-01',
      '2026-04-02',
      '2026-04-03',
      '2026-05-01',
      '2026-06-07',
      '2026-06-29',
      '2026-07-23',
      '2026-07-28',
      '2026-07-29',
      '2026-08-06',
      '2026-08-30',
      '2026-10-08',
      '2026-11-01',
      '2026-12-08',
      '2026-12-09',
      '2026-12-25',
    ]);
    expect(
      feriadosNacionales(2026).every(
        (f) => f.tipo === 'NACIONAL' && !!f.nombre,
      ),
    ).toBe(true);
  });

  it.each([
    [2021, 12, []],
    [2022, 14, ['2022-08-06', '2022-12-09']],
    [2023, 15, ['2023-07-23']],
    [2024, 16, ['2024-06-07']],
  ])(
    '%i has %i holidays; holidays added by law apply from their first year (%j)',
    (anio, total, nuevos) => {
      const fechas = feriadosNacionales(anio).map((f) => f.fecha);
      expect(fechas).toHaveLength(total);
      for (const nuevo of nuevos) expect(fechas).toContain(nuevo);
      expect(new Set(fechas).size).toBe(total);
    },
  );

  it('rejects years outside the Gregorian calendar it supports', () => {
    expect(() => feriadosNacionales(1500)).toThrow(RangeError);
    expect(() => fechaPascua(2026.5)).toThrow(RangeError);
  });
});
