import { Actor, Rol } from '../contracts';
import { unauthorized } from '../errors';

/** What the access token carries: enough to build the Actor without a database read. */
export interface JwtClaims {
  sub: string;
  username: string;
  rol: Rol;
  areaId: number | null;
}

export function actorFromClaims(claims: JwtClaims, ip?: string): Actor {
  return { userId: claims.sub, username: claims.username, rol: claims.rol, areaId: claims.areaId ?? null, ip };
}

/**
 * The claims of an `Authorization: Bearer` header, verified; 401 UNAUTHENTICATED when it is
 * missing, forged or expired. Every app that accepts the suite's tokens goes through here.
 */
export async function verifyBearer(
  jwt: { verifyAsync<T extends object>(token: string): Promise<T> },
  header: string | undefined,
): Promise<JwtClaims> {
  if (!header?.startsWith('Bearer ')) throw unauthorized('UNAUTHENTICATED', 'Falta el token de acceso');
  try {
    return await jwt.verifyAsync<JwtClaims>(header.slice(7));
  } catch {
    throw unauthorized('UNAUTHENTICATED', 'Token inválido o vencido');
  }
}
