import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  AccessTokenClaims,
  DEV_JWT_PRIVATE_KEY,
  parsePrivateKey,
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from '@mesa/shared/auth';
import { AppConfig, ConfigError } from '@mesa/shared/config';

/** Signs access tokens; only the gateway has one (it alone holds JWT_PRIVATE_KEY). */
export class AccessTokenSigner {
  constructor(
    private readonly key: KeyObject,
    readonly expiresInSeconds: number,
  ) {}

  /** JWT_PRIVATE_KEY, or outside production the development key; production without one does not start. */
  static fromConfig(
    config: Pick<AppConfig, 'NODE_ENV' | 'JWT_PRIVATE_KEY' | 'JWT_EXPIRES_IN_SECONDS'>,
  ): AccessTokenSigner {
    if (!config.JWT_PRIVATE_KEY && config.NODE_ENV === 'production') {
      throw new ConfigError(
        'Invalid configuration:\n  JWT_PRIVATE_KEY: required in production (the gateway signs access tokens with it)',
      );
    }
    return new AccessTokenSigner(
      parsePrivateKey(config.JWT_PRIVATE_KEY ?? DEV_JWT_PRIVATE_KEY),
      config.JWT_EXPIRES_IN_SECONDS,
    );
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.expiresInSeconds}s`)
      .sign(this.key);
  }
}
