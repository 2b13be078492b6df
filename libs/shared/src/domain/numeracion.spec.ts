import { DomainException } from '../errors';
import {
  esNumeroExpediente,
  formatNumeroDerivacion,
  formatNumeroExpediente,
  NUMERO_DERIVACION_REGEX,
  NUMERO_EXPEDIENTE_REGEX,
  parseNumeroDerivacion,
  parseNumeroExpediente,
} from './numeracion';

describe('numeración', () => {
  it.each([
    [2026, 123, 'EXP-2026-000123'],
    [2026, 1, 'EXP-2026-000001'],
    [2027, 999_999, 'EXP-2027-999999'],
  ])(
    'formatNumeroExpediente(%i, %i) = %s and parses back',
    (anio, n, texto) => {
      expect(formatNumeroExpediente(anio, n)).toBe(texto);
      expect(NUMERO_EXPEDIENTE_REGEX.test(texto)).toBe(true);
      expect(parseNumeroExpediente(texto)).toEqual({ anio, correlativo: n });
    },
  );

  it.each([
    [2026, 0],
    [2026, 1_000_000],
    [2026, 1.5],
    [26, 1],
    [20260, 1],
  ])('formatNumeroExpediente(%s, %s) throws', (anio, n) => {
    expect(() => formatNumeroExpediente(anio, n)).toThrow(RangeError);
  });

  it.each([
    [' exp-2026-000123 ', { anio: 2026, correlativo: 123 }],
    ['EXP-2026-000123', { anio: 2026, correlativo: 123 }],
  ])('parses what a citizen types: %j', (texto, esperado) => {
    expect(parseNumeroExpediente(texto)).toEqual(esperado);
  });

  it.each([
    'EXP-2026-123',
    'EXP-2026-0001234',
    'EXP-2026-000000',
    'EXP-0999-000001',
    'EXP2026000123',
    'DER-202611-000045',
    'EXP-2026-000123\nX',
    '',
  ])('rejects %j with a 400', (texto) => {
    expect(esNumeroExpediente(texto)).toBe(false);
    try {
      parseNumeroExpediente(texto);
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainException);
      expect((e as DomainException).code).toBe('NUMERO_EXPEDIENTE_INVALIDO');
      expect((e as DomainException).status).toBe(400);
    }
  });

  it.each([
    ['202611', 45, 'DER-202611-000045'],
    ['202601', 1, 'DER-202601-000001'],
    ['202612', 999_999, 'DER-202612-999999'],
  ])(
    'formatNumeroDerivacion(%s, %i) = %s and parses back',
    (periodo, n, texto) => {
      expect(formatNumeroDerivacion(periodo, n)).toBe(texto);
      expect(NUMERO_DERIVACION_REGEX.test(texto)).toBe(true);
      expect(parseNumeroDerivacion(texto)).toEqual({ periodo, correlativo: n });
    },
  );

  it.each([
    ['202613', 1],
    ['202600', 1],
    ['2026-11', 1],
    ['202611', 0],
  ])('formatNumeroDerivacion(%s, %i) throws', (periodo, n) => {
    expect(() => formatNumeroDerivacion(periodo, n)).toThrow(RangeError);
  });

  it.each([
    'DER-202613-000001',
    'DER-202611-000000',
    'DER-2026-000001',
    'EXP-2026-000123',
  ])('parseNumeroDerivacion rejects %j', (texto) => {
    expect(() => parseNumeroDerivacion(texto)).toThrow(
      expect.objectContaining({
        code: 'NUMERO_DERIVACION_INVALIDO',
        status: 400,
      }),
    );
  });
});
