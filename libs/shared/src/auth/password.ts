import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at OWASP's cost: N=2^17, r=8, p=1 (128 MiB and a few hundred milliseconds per hash).
 * Node refuses more than 32 MiB unless told (maxmem), so the limit is set just above the need.
 */
export const SCRYPT_N = 2 ** 17;
const R = 8;
const P = 1;
const KEYLEN = 32;
const maxmem = (n: number) => 128 * n * R + 2 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, len: number, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, len, { N: n, r: R, p: P, maxmem: maxmem(n) }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$salt$hash` (base64). Used by the seed and by login; never logged. */
export async function hashPassword(password: string, n = SCRYPT_N): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, n);
  return `scrypt$${n}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, saltB64, hashB64] = stored.split('$');
  const cost = Number(n);
  // Only costs this code could have written: a tampered row cannot ask for gigabytes.
  if (
    alg !== 'scrypt' ||
    !saltB64 ||
    !hashB64 ||
    !Number.isInteger(Math.log2(cost)) ||
    cost < 2 ** 10 ||
    cost > SCRYPT_N
  )
    return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash made at a lower cost than today's: rehashed at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const [alg, n] = stored.split('$');
  return alg !== 'scrypt' || Number(n) < SCRYPT_N;
}
