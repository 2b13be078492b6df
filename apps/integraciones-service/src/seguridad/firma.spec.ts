import { createHmac } from 'node:crypto';
import { dentroDeVentana, firmaValida, firmar, hashApiKey, nuevoSecreto } from './firma';

describe('signatures', () => {
  const secreto = 'whsec_test';

  const pedido = { timestamp: '1700000000', metodo: 'POST', ruta: '/api/v1/integracion/recibir-documento', cuerpo: '{"a":1}' };

  it('is HMAC-SHA256 over `${timestamp}.${METHOD}.${path?query}.${body}`, as a receiver recomputes it', () => {
    const esperado = createHmac('sha256', secreto).update('1700000000.POST./api/v1/integracion/recibir-documento.{"a":1}').digest('hex');
    expect(firmar(secreto, { ...pedido, metodo: 'post' })).toBe(`sha256=${esperado}`);
  });

  it('accepts the right signature and refuses another body, timestamp, method, path, query or secret', () => {
    const f = firmar(secreto, pedido);
    expect(firmaValida(secreto, pedido, f)).toBe(true);
    expect(firmaValida(secreto, { ...pedido, cuerpo: '{"a":2}' }, f)).toBe(false);
    expect(firmaValida(secreto, { ...pedido, timestamp: '1700000001' }, f)).toBe(false);
    expect(firmaValida(secreto, { ...pedido, metodo: 'GET' }, f)).toBe(false);
    expect(firmaValida(secreto, { ...pedido, ruta: '/api/v1/integracion/estado/OF-1' }, f)).toBe(false);
    expect(firmaValida(secreto, { ...pedido, ruta: `${pedido.ruta}?x=1` }, f)).toBe(false);
    expect(firmaValida('otro', pedido, f)).toBe(false);
    expect(firmaValida(secreto, pedido, 'sha256=00')).toBe(false);
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
