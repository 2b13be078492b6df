import { clasificarBusqueda, contiene } from './busqueda';

describe('clasificarBusqueda', () => {
  it.each([
    ['EXP-2026-000123', '%EXP-2026-000123%'],
    ['exp-2026-0001', '%EXP-2026-0001%'],
    ['2026-0001', '%2026-0001%'],
    ['000123', '%000123%'],
    [' 123 ', '%123%'],
    ['EXP-2026', '%EXP-2026%'],
  ])('reads %p as part of a case number', (q, patron) => {
    expect(clasificarBusqueda(q)).toEqual({ modo: 'expediente', patron });
  });

  it.each([
    ['resolución directoral', 'resolución directoral', '%resolución directoral%'],
    ['  Quispe   Mamani ', 'Quispe Mamani', '%Quispe Mamani%'],
    ['OFICIO 12', 'OFICIO 12', '%OFICIO 12%'],
    ['12', '12', null],
    ['ab', 'ab', null],
  ])('reads %p as text', (q, texto, patron) => {
    expect(clasificarBusqueda(q)).toEqual({ modo: 'texto', texto, patron });
  });

  it('takes the text’s own LIKE wildcards literally', () => {
    expect(contiene('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
