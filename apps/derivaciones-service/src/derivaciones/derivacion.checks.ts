import { Actor, DocumentosErrors } from '@mesa/shared/contracts';
import { puedeModificar } from '@mesa/shared/auth';
import { badRequest, forbidden } from '@mesa/shared/errors';

// The checks routing and the actions on a derivation share.

export function assertPuedeModificar(actor: Actor): void {
  if (!puedeModificar(actor)) throw forbidden('ROL_NO_PERMITIDO', 'Su rol solo puede consultar derivaciones');
}

export function texto(valor: string | undefined, campo: string): string {
  const limpio = typeof valor === 'string' ? valor.trim() : '';
  if (!limpio) throw badRequest('VALIDATION_FAILED', `Falta ${campo}.`, [{ field: campo, message: 'es obligatorio' }]);
  return limpio;
}

export const areaInvalida = (field = 'areaDestinoId') =>
  badRequest(DocumentosErrors.AREA_INVALIDA, 'Área inexistente o inactiva', [
    { field, message: 'no existe o está inactiva' },
  ]);
