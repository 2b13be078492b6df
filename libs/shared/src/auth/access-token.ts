import { createPublicKey, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { AppConfig } from '../config';
import { ConfigError } from '../config';
import { Actor, Rol } from '../contracts';
import { unauthorized } from '../errors';
import { DEV_JWT_PUBLIC_KEY, parsePrivateKey, parsePublicKey, TOKEN_ALGORITHM } from './token-keys';

/** `iss` of every access token, and the only one accepted. */
export const TOKEN_ISSUER = 'mesa-de-partes/gateway';
/** `aud`: the suite's API (the gateway and the apps it passes the caller's token to). */
export const TOKEN_AUDIENCE = 'mesa-de-partes/api';

const CLOCK_TOLERANCE_SECONDS = 5;
/** Tokens remembered as verified; beyond that the oldest is forgotten (and verified again). */
const VERIFIED_MAX = 10_000;

/** What the access token carries: enough to build the Actor without a database read. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  rol: Rol;
  areaId: number | null;
  /** The session (refresh-token family) it was issued from. */
  sid: string;
  /** The user's token version when it was issued. */
  ver: number;
}

export function actorFromClaims(claims: AccessTokenClaims, ip?: string): Actor {
  return { userId: claims.sub, username: claims.username, rol: claims.rol, areaId: claims.areaId ?? null, ip };
}

/**
 * The public key that verifies access tokens: JWT_PUBLIC_KEY, else the one of JWT_PRIVATE_KEY
 * (the gateway), else outside production the development key.
 */
export function tokenVerificationKey(
  config: Pick<AppConfig, 'NODE_ENV' | 'JWT_PUBLIC_KEY' | 'JWT_PRIVATE_KEY'>,
): KeyObject {
  if (config.JWT_PUBLIC_KEY) return parsePublicKey(config.JWT_PUBLIC_KEY);
  if (config.JWT_PRIVATE_KEY) return createPublicKey(parsePrivateKey(config.JWT_PRIVATE_KEY));
  if (config.NODE_ENV === 'production') {
    throw new ConfigError(
      "Invalid configuration:\n  JWT_PUBLIC_KEY: required in production (the public key of the gateway's JWT_PRIVATE_KEY)",
    );
  }
  return parsePublicKey(DEV_JWT_PUBLIC_KEY);
}

/**
 * Verifies the suite's access tokens: EdDSA only (no `none`, no HMAC with the public key as the
 * secret), our issuer and audience, not expired. Any failure is 401 UNAUTHENTICATED.
 *
 * A token that verified once is remembered until it expires: the same bytes verify the same way,
 * so its next requests cost a map lookup and the expiry check, not a signature verification (the
 * largest CPU cost of an authenticated request). Only successes are remembered, at most
 * VERIFIED_MAX tokens, the oldest forgotten first.
 */
export class AccessTokenVerifier {
  private readonly verified = new Map<string, { claims: AccessTokenClaims; expiresAtMs: number }>();

  constructor(
    private readonly key: KeyObject,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (this.now() < known.expiresAtMs) return known.claims;
      this.verified.delete(token);
    }
    let claims: AccessTokenClaims & { exp: number };
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat', 'sid', 'ver'],
        // Clocks of different hosts drift a little.
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(this.now()),
      });
      claims = payload as unknown as AccessTokenClaims & { exp: number };
    } catch {
      throw unauthorized('UNAUTHENTICATED', 'Token inválido o vencido');
    }
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { claims, expiresAtMs: (claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000 });
    return claims;
  }

  /** The claims of an `Authorization: Bearer` header; 401 when it is missing, forged or expired. */
  async verifyBearer(header: string | undefined): Promise<AccessTokenClaims> {
    if (!header?.startsWith('Bearer ')) throw unauthorized('UNAUTHENTICATED', 'Falta el token de acceso');
    return this.verify(header.slice(7));
  }
}
