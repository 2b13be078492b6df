import { campoCsv, lineaCsv, textoFechaLima, Totales } from './celdas.format';

describe('report formatting', () => {
  it('writes Lima wall-clock time (UTC−5)', () => {
    expect(textoFechaLima(new Date('2026-03-01T04:30:00Z'))).toBe('2026-02-28 23:30');
  });

  it('quotes CSV fields that need it and neutralises formulas', () => {
    expect(lineaCsv(['a', 'b,c', 'd"e', 'f\ng'])).toBe('a,"b,c","d""e","f\ng"\r\n');
    expect(campoCsv('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(campoCsv('-12.5')).toBe('-12.5');
    expect(campoCsv('@cmd')).toBe("'@cmd");
  });

  it('counts rows per group and sums the summed columns', () => {
    const t = new Totales(
      [
        { clave: 'estado', titulo: 'Estado', tipo: 'texto', ancho: 10 },
        { clave: 'folios', titulo: 'Folios', tipo: 'numero', ancho: 5, sumar: true },
      ],
      'estado',
    );
    t.agregar({ estado: 'REGISTRADO', folios: 3 });
    t.agregar({ estado: 'ATENDIDO', folios: 2 });
    t.agregar({ estado: 'REGISTRADO', folios: null });
    expect(t.filas).toBe(3);
    expect([...t.grupos]).toEqual([
      ['REGISTRADO', 2],
      ['ATENDIDO', 1],
    ]);
    expect(t.sumas.get('folios')).toBe(5);
  });
});
