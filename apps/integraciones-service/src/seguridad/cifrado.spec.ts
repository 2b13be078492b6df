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

  it('tells blobs of another key apart and does not open them', () => {
    const otro = new Cifrador(clave());
    const blob = otro.cifrar('secreto', 'ctx');
    expect(c.esActual(blob)).toBe(false);
    expect(otro.esActual(blob)).toBe(true);
    expect(() => c.descifrar(blob, 'ctx')).toThrow('another key');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new Cifrador(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
