import { Integracion } from '@mesa/db-entities';
import { Actor, Rol } from '@mesa/shared/contracts';

/**
 * The integration acting on documentos-service: its id as the user, so the audit trail and
 * usuario_registro_id name which system did it. ADMIN to read any office's documents for a
 * send; MESA_PARTES to register an inbound one.
 */
export function actorDeIntegracion(
  i: Pick<Integracion, 'id' | 'codigo'>,
  rol: Rol.ADMIN | Rol.MESA_PARTES,
  ip?: string,
): Actor {
  return { userId: i.id, username: `integracion:${i.codigo}`, rol, areaId: null, ...(ip ? { ip } : {}) };
}
