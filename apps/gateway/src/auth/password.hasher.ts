import { Injectable } from '@nestjs/common';
import { hashPassword, needsRehash, SCRYPT_N, verifyPassword } from '@mesa/shared/auth';
import { counter } from '@mesa/shared/metrics';

/** Each scrypt holds 128 MiB: at most this many at once per gateway, the rest wait their turn. */
const CONCURRENT = 2;
/**
 * A hash at today's cost of a random password that was thrown away: nothing matches it. Fixed
 * rather than made at boot, so starting a gateway costs no scrypt.
 */
const DUMMY_HASH = 'scrypt$131072$aiXfpCywnr4Yp80rX9iplg==$NFpd49+GDnIJKyi1nXZ1Yow2flXl68deAW7OottSSu0=';
if (!DUMMY_HASH.startsWith(`scrypt$${SCRYPT_N}$`)) throw new Error('DUMMY_HASH must be made at SCRYPT_N');

const checks = counter(
  'auth_password_checks_total',
  'scrypt checks of sign-in passwords, real or dummy (one per attempt that reaches the check)',
  [],
);

/**
 * Password checks of sign-in. Every attempt that gets this far costs one scrypt at today's cost:
 * an unknown or deactivated user is checked against a dummy hash, so the answer takes as long
 * as for a real user and tells nothing about which usernames exist.
 */
@Injectable()
export class PasswordHasher {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** `stored` null: no such user (or not active): the dummy hash is checked and the answer is false. */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const ok = await this.limited(() => verifyPassword(password, stored ?? DUMMY_HASH));
    checks.inc();
    return ok && stored !== null;
  }

  needsRehash(stored: string): boolean {
    return needsRehash(stored);
  }

  hash(password: string): Promise<string> {
    return this.limited(() => hashPassword(password));
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= CONCURRENT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
