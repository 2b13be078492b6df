import { domingoDePascua, feriadosNacionales } from './feriados';

describe('feriados', () => {
  it.each([
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2038, 4, 25],
  ])('Easter %i is %i/%i', (anio, mes, dia) => {
    expect(domingoDePascua(anio)).toEqual({ mes, dia });
  });

  it('lists the 16 national holidays with Holy Thursday and Friday before Easter', () => {
    const feriados = feriadosNacionales(2026);
    expect(feriados).toHaveLength(16);
    expect(feriados.filter((f) => f.descripcion.endsWith('Santo')).map((f) => f.fecha)).toEqual([
      '2026-04-02',
      '2026-04-03',
    ]);
    expect(feriados.map((f) => f.fecha)).toContain('2026-12-09');
  });

  it('handles Holy Thursday falling in the previous month', () => {
    // Easter 2035 is March 25 and Easter 2040 is April 1.
    expect(feriadosNacionales(2035).find((f) => f.descripcion === 'Jueves Santo')?.fecha).toBe('2035-03-22');
    const semanaSanta2040 = feriadosNacionales(2040).filter((f) => f.descripcion.endsWith('Santo'));
    expect(semanaSanta2040.map((f) => f.fecha)).toEqual(['2040-03-29', '2040-03-30']);
  });
});
