import { createHash, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

/**
 * The suite's access tokens are signed with Ed25519 (JWS `EdDSA`): the gateway alone holds the
 * private key (JWT_PRIVATE_KEY, PKCS#8 PEM); every other verifier gets only the public key
 * (JWT_PUBLIC_KEY, SPKI PEM). A key that can verify cannot sign.
 */
export const TOKEN_ALGORITHM = 'EdDSA';

// PKCS#8 DER of an Ed25519 private key is this prefix followed by its 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The development key pair, derived from a fixed phrase so that every app of a development run
 * agrees without configuration. It is public knowledge: production refuses it.
 */
const devPrivateKey = createPrivateKey({
  key: Buffer.concat([
    ED25519_PKCS8_PREFIX,
    createHash('sha256').update('mesa-de-partes development-only token key').digest(),
  ]),
  format: 'der',
  type: 'pkcs8',
});
export const DEV_JWT_PRIVATE_KEY = devPrivateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
export const DEV_JWT_PUBLIC_KEY = createPublicKey(devPrivateKey).export({ format: 'pem', type: 'spki' }).toString();

/** Environment values may carry the PEM's line breaks as `\n`. */
const pem = (value: string) => value.replace(/\\n/g, '\n').trim();

export function parsePrivateKey(value: string): KeyObject {
  const key = createPrivateKey(pem(value));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

export function parsePublicKey(value: string): KeyObject {
  // createPublicKey would take a private key too (and derive its public half): a private key
  // handed to a verifier is a leak to refuse, not to accept.
  if (/PRIVATE KEY/.test(value)) throw new Error('must be a public key (SPKI PEM), not a private one');
  const key = createPublicKey(pem(value));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/** Same public key (whatever the PEM's layout). */
export function sameKey(a: KeyObject, b: KeyObject): boolean {
  const der = (k: KeyObject) => (k.type === 'private' ? createPublicKey(k) : k).export({ format: 'der', type: 'spki' });
  return der(a).equals(der(b));
}

export const isDevKey = (key: KeyObject) => sameKey(key, devPrivateKey);
