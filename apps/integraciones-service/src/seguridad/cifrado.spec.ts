import { randomBytes } from 'node:crypto';
import { Cifrador } from './cifrado';

const clave = () => randomBytes(32).toString('base64');

describe('Cifrador (AES-256-GCM)', () => {
  const c = new Cifrador(clave());

  it('opens what it sealed, and the blob does not hold the text', () => {
    const blob = c.cifrar('{"token":"s3cr3t-token"}', 'id-1:credenciales');
    expect(blob).not.toContain('s3cr3t');
    expect(blob.startsWith(`v1.${c.keyId}.`)).toBe(true);
    expect(c.descifrar(blob, 'id-1:credenciales')).toBe('{"token":"s3cr3t-token"}');
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(c.cifrar('x', 'ctx')).not.toBe(c.cifrar('x', 'ctx'));
  });

  it('refuses a blob moved to another row or field', () => {
    const blob = c.cifrar('secreto', 'id-1:credenciales');
    expect(() => c.descifrar(blob, 'id-2:credenciales')).toThrow();
    expect(() => c.descifrar(blob, 'id-1:webhook')).toThrow();
  });

  it('refuses a tampered blob', () => {
    const partes = c.cifrar('secreto largo', 'ctx').split('.');
    const ct = Buffer.from(partes[4], 'base64url');
    ct[0] ^= 1;
    partes[4] = ct.toString('base64url');
    expect(() => c.descifrar(partes.join('.'), 'ctx')).toThrow();
  });

  it('refuses a blob whose tag was cut short (a 4-byte tag would be a 2^-32 forgery)', () => {
    const partes = c.cifrar('secreto', 'ctx').split('.');
    const tag = Buffer.from(partes[3], 'base64url');
    for (const largo of [4, 8, 12, 15]) {
      partes[3] = tag.subarray(0, largo).toString('base64url');
      expect(() => c.descifrar(partes.join('.'), 'ctx')).toThrow('authentication tag');
    }
  });

  it('tells blobs of another key apart and does not open them', () => {
    const otro = new Cifrador(clave());
    const blob = otro.cifrar('secreto', 'ctx');
    expect(c.esActual(blob)).toBe(false);
    expect(otro.esActual(blob)).toBe(true);
    expect(() => c.descifrar(blob, 'ctx')).toThrow('unknown key');
  });

  it('while the key changes: opens blobs of a previous key, seals new ones and re-seals old ones with the current key', () => {
    const vieja = clave();
    const antes = new Cifrador(vieja);
    const blob = antes.cifrar('{"clave":"antigua"}', 'id-1:credenciales');
    const nueva = clave();
    const ahora = new Cifrador(nueva, [clave(), vieja]);
    expect(ahora.descifrar(blob, 'id-1:credenciales')).toBe('{"clave":"antigua"}');
    expect(ahora.esActual(ahora.cifrar('x', 'ctx'))).toBe(true);

    const resellado = ahora.resellar(blob, 'id-1:credenciales');
    expect(resellado.split('.')[1]).toBe(ahora.keyId);
    expect(ahora.descifrar(resellado, 'id-1:credenciales')).toBe('{"clave":"antigua"}');
    expect(ahora.resellar(resellado, 'id-1:credenciales')).toBe(resellado);
    // Re-sealing keeps the binding to the row and field.
    expect(() => ahora.resellar(blob, 'id-2:credenciales')).toThrow();
    // Without the previous key the old blob no longer opens.
    expect(() => new Cifrador(nueva).descifrar(blob, 'id-1:credenciales')).toThrow('unknown key');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new Cifrador(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
