import { createHmac, randomUUID } from 'node:crypto';
import { CODIGO_VERIFICACION_ALFABETO, codigoCoincide, esCodigoVerificacion, hashCodigo, normalizarCodigo } from '@mesa/shared/domain';
import { derivarCodigoSeguimiento } from './codigo-seguimiento';

const SECRET = 'a-test-secret-of-at-least-32-characters';

describe('derivarCodigoSeguimiento', () => {
  it('gives the same well-formed code for the same document, whatever the id case', () => {
    const id = randomUUID();
    const codigo = derivarCodigoSeguimiento(SECRET, id);
    expect(esCodigoVerificacion(codigo)).toBe(true);
    expect(codigo).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
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
    const esperado = Array.from({ length: 16 }, (_, i) => CODIGO_VERIFICACION_ALFABETO[Number((n >> BigInt(75 - 5 * i)) & 31n)]).join('');
    expect(normalizarCodigo(derivarCodigoSeguimiento(SECRET, id))).toBe(esperado);
  });
});
