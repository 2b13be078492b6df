import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  CODIGO_SEGUIMIENTO_ALFABETO,
  codigoCoincide,
  derivarCodigoSeguimiento,
  esCodigoSeguimiento,
  formatearCodigo,
  hashCodigo,
  normalizarCodigo,
} from './codigo-seguimiento';

const AGRUPADO = /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/;
const SECRET = 'a-test-secret-of-at-least-32-characters';
const derivado = () => derivarCodigoSeguimiento(SECRET, randomUUID());

describe('código de seguimiento', () => {
  it('uses 32 unambiguous symbols, so each carries exactly 5 bits', () => {
    expect(new Set(CODIGO_SEGUIMIENTO_ALFABETO).size).toBe(32);
    for (const ambiguo of ['0', 'O', '1', 'I'])
      expect(CODIGO_SEGUIMIENTO_ALFABETO).not.toContain(ambiguo);
  });

  it('derives grouped 16-symbol codes (80 bits) that differ from document to document', () => {
    const codigos = Array.from({ length: 2000 }, derivado);
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
      const codigo = normalizarCodigo(derivado());
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
    expect(esCodigoSeguimiento(entrada)).toBe(true);
  });

  it.each([
    'K7QF-9XMB-2HTC-W4R',
    'K7QF-9XMB-2HTC-W4RD2',
    'K7QF-9XMB-2HTC-W4R0',
    'O7QF-9XMB-2HTC-W4RD',
    'I7QF-9XMB-2HTC-W4RD',
    '',
  ])('rejects %j', (codigo) => {
    expect(esCodigoSeguimiento(codigo)).toBe(false);
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

  it('gives the same code for the same document, whatever the id case', () => {
    const id = randomUUID();
    const codigo = derivarCodigoSeguimiento(SECRET, id);
    expect(derivarCodigoSeguimiento(SECRET, id.toUpperCase())).toBe(codigo);
    expect(codigoCoincide(codigo, hashCodigo(derivarCodigoSeguimiento(SECRET, id)))).toBe(true);
  });

  it('depends on the secret and on the document', () => {
    const id = randomUUID();
    const codigo = derivarCodigoSeguimiento(SECRET, id);
    expect(derivarCodigoSeguimiento(`${SECRET}x`, id)).not.toBe(codigo);
    expect(derivarCodigoSeguimiento(SECRET, randomUUID())).not.toBe(codigo);
  });

  it('is the first 80 bits of HMAC-SHA256(secret, lowercase id), 5 bits per symbol from the top', () => {
    const id = randomUUID();
    const mac = createHmac('sha256', SECRET).update(id, 'utf8').digest();
    const n = BigInt(`0x${mac.subarray(0, 10).toString('hex')}`);
    const esperado = Array.from({ length: 16 }, (_, i) => CODIGO_SEGUIMIENTO_ALFABETO[Number((n >> BigInt(75 - 5 * i)) & 31n)]).join('');
    expect(normalizarCodigo(derivarCodigoSeguimiento(SECRET, id))).toBe(esperado);
  });
});
