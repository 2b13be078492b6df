import { createHmac } from 'node:crypto';
import { dentroDeVentana, firmaValida, firmar, hashApiKey, nuevoSecreto } from './firma';

describe('signatures', () => {
  const secreto = 'whsec_test';

  it('is HMAC-SHA256 over `${timestamp}.${body}`, as a receiver recomputes it', () => {
    const body = '{"a":1}';
    const esperado = createHmac('sha256', secreto).update(`1700000000.${body}`).digest('hex');
    expect(firmar(secreto, 1700000000, body)).toBe(`sha256=${esperado}`);
  });

  it('accepts the right signature and refuses another body, timestamp or secret', () => {
    const f = firmar(secreto, '1700000000', 'cuerpo');
    expect(firmaValida(secreto, '1700000000', 'cuerpo', f)).toBe(true);
    expect(firmaValida(secreto, '1700000000', 'cuerpo!', f)).toBe(false);
    expect(firmaValida(secreto, '1700000001', 'cuerpo', f)).toBe(false);
    expect(firmaValida('otro', '1700000000', 'cuerpo', f)).toBe(false);
    expect(firmaValida(secreto, '1700000000', 'cuerpo', 'sha256=00')).toBe(false);
  });

  it('keeps timestamps within 5 minutes either way, and refuses non-numbers', () => {
    const ahora = 1_700_000_000_000;
    expect(dentroDeVentana('1700000000', ahora)).toBe(true);
    expect(dentroDeVentana(String(1_700_000_000 - 300), ahora)).toBe(true);
    expect(dentroDeVentana(String(1_700_000_000 - 301), ahora)).toBe(false);
    expect(dentroDeVentana(String(1_700_000_000 + 301), ahora)).toBe(false);
    expect(dentroDeVentana('1700000000.5', ahora)).toBe(false);
    expect(dentroDeVentana('', ahora)).toBe(false);
  });

  it('hashes API keys and makes distinct secrets', () => {
    expect(hashApiKey('k')).toMatch(/^[0-9a-f]{64}$/);
    expect(nuevoSecreto('ik')).not.toBe(nuevoSecreto('ik'));
    expect(nuevoSecreto('ik')).toMatch(/^ik_[A-Za-z0-9_-]{43}$/);
  });
});
