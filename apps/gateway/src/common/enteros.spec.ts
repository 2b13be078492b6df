import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IdEntero, IdEnteroQuery, idEnteroPipe, INT4_MAX } from './enteros';

class Cuerpo {
  @IdEntero() areaId: number;
  @IdEntero({ each: true }) copias: number[];
}

class Consulta {
  @IdEnteroQuery() areaId: number;
}

const errores = (cls: new () => object, plain: object) => validateSync(plainToInstance(cls, plain)).map((e) => e.property);

describe('integer ids within PostgreSQL int4', () => {
  it('accepts 1 and 2147483647 in bodies and queries, and refuses 0, 2147483648, 1e20 and 1.5', () => {
    expect(errores(Cuerpo, { areaId: INT4_MAX, copias: [1, INT4_MAX] })).toEqual([]);
    for (const bad of [0, INT4_MAX + 1, 1e20, 1.5, '1']) expect(errores(Cuerpo, { areaId: bad, copias: [1] })).toEqual(['areaId']);
    expect(errores(Cuerpo, { areaId: 1, copias: [1, INT4_MAX + 1] })).toEqual(['copias']);
    expect(errores(Consulta, { areaId: String(INT4_MAX) })).toEqual([]);
    for (const bad of ['0', '2147483648', '99999999999999999999', '1e3', 'abc', ['1', '2']]) {
      expect(errores(Consulta, { areaId: bad })).toEqual(['areaId']);
    }
  });

  it('path pipe: an id that cannot exist gets the not-found error of its caller', () => {
    const noExiste = new Error('no existe');
    const pipe = idEnteroPipe(() => noExiste);
    expect(pipe.transform('1', { type: 'param' })).toBe(1);
    expect(pipe.transform(String(INT4_MAX), { type: 'param' })).toBe(INT4_MAX);
    for (const bad of ['0', '-1', '2147483648', '99999999999999999999', '01x', '1.5', '1e3', ' 1']) {
      expect(() => pipe.transform(bad, { type: 'param' })).toThrow(noExiste);
    }
  });
});
