import { createHash } from 'node:crypto';
import {
  CODIGO_VERIFICACION_ALFABETO,
  codigoCoincide,
  esCodigoVerificacion,
  formatearCodigo,
  generarCodigoVerificacion,
  hashCodigo,
  normalizarCodigo,
} from './codigo-verificacion';

const AGRUPADO = /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/;

describe('código de verificación', () => {
  it('uses 32 unambiguous symbols, so each carries exactly 5 bits', () => {
    expect(new Set(CODIGO_VERIFICACION_ALFABETO).size).toBe(32);
    for (const ambiguo of ['0', 'O', '1', 'I'])
      expect(CODIGO_VERIFICACION_ALFABETO).not.toContain(ambiguo);
  });

  it('generates grouped 16-symbol codes (80 bits) that differ', () => {
    const codigos = Array.from({ length: 2000 }, generarCodigoVerificacion);
    for (const codigo of codigos) {
      expect(codigo).toMatch(AGRUPADO);
      expect(normalizarCodigo(codigo)).toHaveLength(16);
    }
    expect(new Set(codigos).size).toBe(codigos.length);
  });

  it('draws every symbol of the alphabet in every position class (no stuck bits)', () => {
    const vistos = new Set<string>();
    const primeros = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const codigo = normalizarCodigo(generarCodigoVerificacion());
      for (const c of codigo) vistos.add(c);
      primeros.add(codigo[0]);
      primeros.add(codigo[15]);
    }
    expect(vistos.size).toBe(32);
    expect(primeros.size).toBe(32);
  });

  it.each([
    ['k7qf-9xmb-2htc-w4rd', 'K7QF9XMB2HTCW4RD'],
    [' K7QF 9XMB  2HTC-W4RD ', 'K7QF9XMB2HTCW4RD'],
    ['K7QF9XMB2HTCW4RD', 'K7QF9XMB2HTCW4RD'],
    ['k7qf\t9xmb\n2htc--w4rd', 'K7QF9XMB2HTCW4RD'],
  ])('normalizes %j to %s', (entrada, esperado) => {
    expect(normalizarCodigo(entrada)).toBe(esperado);
    expect(formatearCodigo(entrada)).toBe('K7QF-9XMB-2HTC-W4RD');
    expect(esCodigoVerificacion(entrada)).toBe(true);
  });

  it.each([
    'K7QF-9XMB-2HTC-W4R',
    'K7QF-9XMB-2HTC-W4RD2',
    'K7QF-9XMB-2HTC-W4R0',
    'O7QF-9XMB-2HTC-W4RD',
    'I7QF-9XMB-2HTC-W4RD',
    '',
  ])('rejects %j', (codigo) => {
    expect(esCodigoVerificacion(codigo)).toBe(false);
  });

  it('hashes the normalized code, so any way of typing it matches the stored hash', () => {
    const esperado = createHash('sha256')
      .update('K7QF9XMB2HTCW4RD')
      .digest('hex');
    expect(hashCodigo('K7QF-9XMB-2HTC-W4RD')).toBe(esperado);
    expect(hashCodigo(' k7qf 9xmb 2htc w4rd')).toBe(esperado);
    expect(hashCodigo('K7QF-9XMB-2HTC-W4RE')).not.toBe(esperado);
  });

  it.each([
    ['k7qf-9xmb-2htc-w4rd', true],
    ['K7QF-9XMB-2HTC-W4RE', false],
    ['', false],
  ])(
    'codigoCoincide(%j) against the stored hash = %s',
    (tecleado, coincide) => {
      const guardado = hashCodigo('K7QF-9XMB-2HTC-W4RD');
      expect(codigoCoincide(tecleado, guardado)).toBe(coincide);
    },
  );

  it('never matches a malformed stored hash', () => {
    expect(codigoCoincide('K7QF-9XMB-2HTC-W4RD', 'abc')).toBe(false);
    expect(codigoCoincide('K7QF-9XMB-2HTC-W4RD', 'K7QF9XMB2HTCW4RD')).toBe(
      false,
    );
  });
});
