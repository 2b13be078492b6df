import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
/**
 * GCM tags are 16 bytes here, fixed on both sides: without `authTagLength` the decipher accepts
 * any tag of 4 to 16 bytes, so a cut tag (a 2^-32 forgery at 4 bytes) would still open a blob.
 */
const TAG_BYTES = 16;
const IV_BYTES = 12;
const b64u = (b: Buffer) => b.toString('base64url');

/** The id a blob names its key by: a hash prefix of the key, never the key. */
const idDe = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

function clave(keyBase64: string): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes');
  return key;
}

/**
 * AES-256-GCM for secrets at rest. A blob is `v1.<keyId>.<iv>.<tag>.<ciphertext>`: the key id
 * says which key sealed it. New blobs are sealed with the current key; blobs under one of the
 * previous keys (ENCRYPTION_KEYS_PREVIOUS, while the key changes) still open, and `resellar`
 * moves them to the current key. The associated data binds a blob to its row and field: a blob
 * copied into another row does not open there.
 */
export class Cifrador {
  private readonly key: Buffer;
  readonly keyId: string;
  /** Every key that may open a blob, current one included, by id. */
  private readonly claves = new Map<string, Buffer>();

  constructor(keyBase64: string, previousBase64: string[] = []) {
    this.key = clave(keyBase64);
    this.keyId = idDe(this.key);
    for (const previa of previousBase64.map(clave)) this.claves.set(idDe(previa), previa);
    this.claves.set(this.keyId, this.key);
  }

  cifrar(texto: string, contexto: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(contexto));
    const ct = Buffer.concat([cipher.update(texto, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, b64u(iv), b64u(cipher.getAuthTag()), b64u(ct)].join('.');
  }

  descifrar(blob: string, contexto: string): string {
    const [version, keyId, iv, tag, ct] = blob.split('.');
    if (version !== VERSION || ct === undefined) throw new Error('unknown secret format');
    const key = this.claves.get(keyId);
    if (!key) throw new Error(`secret sealed with an unknown key (${keyId}); list it in ENCRYPTION_KEYS_PREVIOUS`);
    const authTag = Buffer.from(tag, 'base64url');
    if (authTag.length !== TAG_BYTES) throw new Error(`the authentication tag must be ${TAG_BYTES} bytes`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(contexto));
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Whether a blob was sealed with the current key (otherwise it needs re-sealing). */
  esActual(blob: string): boolean {
    return blob.split('.')[1] === this.keyId;
  }

  /** The blob sealed under the current key (the same blob when it already is). */
  resellar(blob: string, contexto: string): string {
    return this.esActual(blob) ? blob : this.cifrar(this.descifrar(blob, contexto), contexto);
  }
}
