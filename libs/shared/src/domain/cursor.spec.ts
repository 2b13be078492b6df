import { DomainException } from '../errors';
import {
  CursorCampo,
  decodeCursor,
  encodeCursor,
  MAX_CURSOR_LENGTH,
} from './cursor';

const b64 = (texto: string) => Buffer.from(texto, 'utf8').toString('base64url');

function codigoDe(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainException
      ? `${e.code}/${e.status}`
      : `${(e as Error).name}`;
  }
}

describe('cursor', () => {
  it.each([
    [
      [
        new Date('2026-07-27T15:04:05.123Z'),
        '0190f2a4-6c1e-7b3a-9d2e-1f2a3b4c5d6e',
      ],
      ['date', 'string'],
    ],
    [
      [42, 'EXP-2026-000123'],
      ['number', 'string'],
    ],
    [
      [-1.5, 0],
      ['number', 'number'],
    ],
    [['ñandú "con" comillas / y \\ barras 🚀'], ['string']],
    [[new Date('1970-01-01T00:00:00.000Z')], ['date']],
  ] as [(string | number | Date)[], CursorCampo[]][])(
    'round-trips %j',
    (valores, forma) => {
      const cursor = encodeCursor(valores);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const decodificado = decodeCursor(cursor, forma);
      expect(decodificado).toEqual(valores);
      decodificado.forEach((v, i) =>
        expect(v instanceof Date).toBe(valores[i] instanceof Date),
      );
    },
  );

  it('types the decoded keys after the shape', () => {
    const [fecha, id] = decodeCursor(encodeCursor([new Date(0), 'x']), [
      'date',
      'string',
    ]);
    expect(fecha.getTime()).toBe(0);
    expect(id.toUpperCase()).toBe('X');
  });

  const valido = encodeCursor([new Date('2026-07-27T15:04:05.123Z'), 'abc']);
  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['padding', `${valido}=`],
    ['not JSON', b64('hola')],
    ['JSON null', b64('null')],
    ['an array', b64('[1,"d",["2026-07-27T15:04:05.123Z","abc"]]')],
    [
      'another version',
      b64('{"v":2,"t":"ds","k":["2026-07-27T15:04:05.123Z","abc"]}'),
    ],
    [
      'other tags',
      b64('{"v":1,"t":"sd","k":["abc","2026-07-27T15:04:05.123Z"]}'),
    ],
    ['fewer keys', b64('{"v":1,"t":"ds","k":["2026-07-27T15:04:05.123Z"]}')],
    [
      'a number instead of a date',
      b64('{"v":1,"t":"ds","k":[1785164645123,"abc"]}'),
    ],
    ['a non-ISO date', b64('{"v":1,"t":"ds","k":["2026-07-27","abc"]}')],
    [
      'an impossible date',
      b64('{"v":1,"t":"ds","k":["2026-02-30T00:00:00.000Z","abc"]}'),
    ],
    [
      'a number instead of a string',
      b64('{"v":1,"t":"ds","k":["2026-07-27T15:04:05.123Z",7]}'),
    ],
    [
      'an extra field',
      b64('{"v":1,"t":"ds","k":["2026-07-27T15:04:05.123Z","abc"],"x":1}'),
    ],
    [
      'reordered fields',
      b64('{"t":"ds","v":1,"k":["2026-07-27T15:04:05.123Z","abc"]}'),
    ],
    [
      'whitespace',
      b64('{"v":1, "t":"ds","k":["2026-07-27T15:04:05.123Z","abc"]}'),
    ],
    [
      'a flipped character',
      `${valido.slice(0, 10)}${valido[10] === 'A' ? 'B' : 'A'}${valido.slice(11)}`,
    ],
    ['truncated', valido.slice(0, -3)],
    ['too long', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
  ])('rejects %s with CURSOR_INVALIDO 400', (_caso, cursor) => {
    expect(codigoDe(() => decodeCursor(cursor, ['date', 'string']))).toBe(
      'CURSOR_INVALIDO/400',
    );
  });

  it('rejects a cursor decoded with a shape other than the one it was made for', () => {
    expect(
      codigoDe(() =>
        decodeCursor(encodeCursor([5, 'a']), ['string', 'number']),
      ),
    ).toBe('CURSOR_INVALIDO/400');
    expect(
      codigoDe(() => decodeCursor(encodeCursor([5, 'a']), ['number'])),
    ).toBe('CURSOR_INVALIDO/400');
  });

  it('refuses to encode values it could not decode', () => {
    expect(codigoDe(() => encodeCursor([new Date(Number.NaN)]))).toBe(
      'RangeError',
    );
    expect(codigoDe(() => encodeCursor([Number.POSITIVE_INFINITY]))).toBe(
      'RangeError',
    );
    expect(codigoDe(() => encodeCursor([]))).toBe('RangeError');
    expect(codigoDe(() => encodeCursor([true as unknown as string]))).toBe(
      'RangeError',
    );
  });
});
