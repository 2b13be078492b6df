import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const b64u = (b: Buffer) => b.toString('base64url');

/**
 * AES-256-GCM for secrets at rest. A blob is `v1.<keyId>.<iv>.<tag>.<ciphertext>`: the key id
 * (a hash prefix of the key, never the key) says which key sealed it, so after a key change the
 * blobs still under the old key are recognised and re-sealed. The associated data binds a blob
 * to its row and field: a blob copied into another row does not open there.
 */
export class Cifrador {
  private readonly key: Buffer;
  readonly keyId: string;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes');
    this.keyId = createHash('sha256').update(this.key).digest('hex').slice(0, 8);
  }

  cifrar(texto: string, contexto: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(contexto));
    const ct = Buffer.concat([cipher.update(texto, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, b64u(iv), b64u(cipher.getAuthTag()), b64u(ct)].join('.');
  }

  descifrar(blob: string, contexto: string): string {
    const [version, keyId, iv, tag, ct] = blob.split('.');
    if (version !== VERSION || ct === undefined) throw new Error('unknown secret format');
    if (keyId !== this.keyId) throw new Error('secret sealed with another key');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(contexto));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Whether a blob was sealed with the current key (otherwise it needs re-sealing). */
  esActual(blob: string): boolean {
    return blob.split('.')[1] === this.keyId;
  }
}
