import { Actor, Rol } from '../contracts';

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
