import { SignJWT } from 'jose';
import { Rol } from '../contracts';
import { AccessTokenVerifier, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-token';
import { DEV_JWT_PRIVATE_KEY, DEV_JWT_PUBLIC_KEY, parsePrivateKey, parsePublicKey, TOKEN_ALGORITHM } from './token-keys';

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
const claims = { username: 'mesa', rol: Rol.MESA_PARTES, areaId: null, sid: 's-1', ver: 1 };

function firmar(expiraEn: number, { audience = TOKEN_AUDIENCE } = {}) {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject('u-1')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(audience)
    .setIssuedAt(Math.floor(T0 / 1000))
    .setExpirationTime(Math.floor(T0 / 1000) + expiraEn)
    .sign(parsePrivateKey(DEV_JWT_PRIVATE_KEY));
}

describe('AccessTokenVerifier', () => {
  let ahora: number;
  let verifier: AccessTokenVerifier;

  beforeEach(() => {
    ahora = T0;
    verifier = new AccessTokenVerifier(parsePublicKey(DEV_JWT_PUBLIC_KEY), () => ahora);
  });

  it('verifies a token, and answers its next uses from memory with the same claims', async () => {
    const token = await firmar(900);
    const primera = await verifier.verify(token);
    expect(primera).toMatchObject({ sub: 'u-1', rol: Rol.MESA_PARTES, sid: 's-1' });
    expect(await verifier.verify(token)).toBe(primera);
  });

  it('refuses a remembered token once it expires (with the clock tolerance), as on first use', async () => {
    const token = await firmar(60);
    await verifier.verify(token);
    ahora = T0 + 64_000;
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u-1' });
    ahora = T0 + 65_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // And a fresh verifier agrees at that instant.
    await expect(new AccessTokenVerifier(parsePublicKey(DEV_JWT_PUBLIC_KEY), () => ahora).verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never remembers a refusal: a tampered token fails every time', async () => {
    const token = await firmar(900);
    const [h, p, s] = token.split('.');
    const otro = JSON.parse(Buffer.from(p, 'base64url').toString());
    const alterado = `${h}.${Buffer.from(JSON.stringify({ ...otro, rol: Rol.ADMIN })).toString('base64url')}.${s}`;
    await verifier.verify(token);
    for (let i = 0; i < 2; i++) await expect(verifier.verify(alterado)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifier.verify(await firmar(900, { audience: 'otra' }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
