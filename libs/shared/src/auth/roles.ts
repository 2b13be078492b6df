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
 * What a caller sees of the desk's documents, whose senders, subjects and texts are personal
 * data: every office (`areaId` undefined), one office, or nothing (`null`: an AREA user with no
 * office). Every list, search, export, tray and route sheet takes its office filter from here.
 */
export type Ambito = { areaId: number | undefined } | null;

const AMBITO_OPERACIONAL = 'AMBITO_OPERACIONAL';

/**
 * The one rule of who sees which documents: ADMIN, MESA_PARTES and AUDITOR every office, AREA
 * its own. Any other role (SRE) works on operational data only (metrics, health, plans and
 * counts) and is refused with 403, rather than handed senders' names.
 */
export function ambitoDe(actor: Actor): Ambito {
  if (ROLES_SIN_AMBITO.has(actor.rol)) return { areaId: undefined };
  if (actor.rol === Rol.AREA) return actor.areaId === null ? null : { areaId: actor.areaId };
  throw new DomainException(AMBITO_OPERACIONAL, 403, 'Su rol consulta datos operativos, no documentos');
}

/** For counts without personal data: SRE counts every office, as the roles that read it all. */
export function ambitoDeConteos(actor: Actor): Ambito {
  return actor.rol === Rol.SRE ? { areaId: undefined } : ambitoDe(actor);
}

/**
 * The office filter of a list: the office asked for, within the caller's scope (`undefined`:
 * every office). `false` when the caller may see nothing of what it asked: an empty page.
 */
export function areaDeLista(actor: Actor, pedida: number | undefined): number | undefined | false {
  const ambito = ambitoDe(actor);
  if (!ambito) return false;
  if (ambito.areaId === undefined) return pedida;
  return pedida === undefined || pedida === ambito.areaId ? ambito.areaId : false;
}

/**
 * Office scoping of one object: true when `ambitoDe` covers its office. Callers answer 404 with
 * their not-found code otherwise, so existence is not revealed.
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
