import { SetMetadata } from '@nestjs/common';
import { Actor, Rol } from '../contracts';
import { DomainException } from '../errors';

export const ROLES_KEY = 'mesa:roles';
export const PUBLIC_KEY = 'mesa:public';

/** Roles allowed on a handler; without it any authenticated user may call it. */
export const Roles = (...roles: Rol[]) => SetMetadata(ROLES_KEY, roles);
/** No authentication (login, citizen tracking, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Roles that read every office's documents. */
const ROLES_SIN_AMBITO = new Set<Rol>([Rol.ADMIN, Rol.MESA_PARTES, Rol.AUDITOR]);

/**
 * Office scoping: an AREA user sees only what is in their office. Anything else answers
 * 404 with the caller's not-found code, so existence is not revealed.
 */
export function puedeVerArea(actor: Actor, areaId: number | null | undefined): boolean {
  if (ROLES_SIN_AMBITO.has(actor.rol)) return true;
  return actor.rol === Rol.AREA && actor.areaId !== null && areaId === actor.areaId;
}

export function assertPuedeVerArea(actor: Actor, areaId: number | null | undefined, notFoundCode: string, what: string) {
  if (!puedeVerArea(actor, areaId)) throw new DomainException(notFoundCode, 404, `${what} no encontrado`);
}

/** Roles that may change documents (AUDITOR and SRE only read). */
export function puedeModificar(actor: Actor): boolean {
  return actor.rol === Rol.ADMIN || actor.rol === Rol.MESA_PARTES || actor.rol === Rol.AREA;
}
