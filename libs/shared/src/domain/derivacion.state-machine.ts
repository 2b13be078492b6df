import { EstadoDerivacion } from '../contracts';
import { DomainException } from '../errors';
import { assertInstante } from './lima-time';

const { PENDIENTE, RECIBIDO, ATENDIDO, RECHAZADO } = EstadoDerivacion;

/**
 * A derivation is received once, attended only after being received, and may be rejected
 * (with a reason) while still open. ATENDIDO and RECHAZADO are final.
 */
export const TRANSICIONES_DERIVACION: Readonly<
  Record<EstadoDerivacion, readonly EstadoDerivacion[]>
> = {
  [PENDIENTE]: [RECIBIDO, RECHAZADO],
  [RECIBIDO]: [ATENDIDO, RECHAZADO],
  [ATENDIDO]: [],
  [RECHAZADO]: [],
};

export const DerivacionErrors = {
  TRANSICION_INVALIDA: 'TRANSICION_INVALIDA',
  DERIVACION_YA_RECIBIDA: 'DERIVACION_YA_RECIBIDA',
  DERIVACION_NO_RECIBIDA: 'DERIVACION_NO_RECIBIDA',
  DERIVACION_YA_ATENDIDA: 'DERIVACION_YA_ATENDIDA',
  DERIVACION_RECHAZADA: 'DERIVACION_RECHAZADA',
  AREA_ORIGEN_INVALIDA: 'AREA_ORIGEN_INVALIDA',
  FECHA_LIMITE_ANTERIOR: 'FECHA_LIMITE_ANTERIOR',
  MOTIVO_RECHAZO_REQUERIDO: 'MOTIVO_RECHAZO_REQUERIDO',
} as const;

function puedeTransicionarDerivacion(
  desde: EstadoDerivacion,
  hacia: EstadoDerivacion,
): boolean {
  return TRANSICIONES_DERIVACION[desde]?.includes(hacia) ?? false;
}

/** An open derivation still counts against the document being answered. */
export function esDerivacionAbierta(estado: EstadoDerivacion): boolean {
  return estado === PENDIENTE || estado === RECIBIDO;
}

function rechazo(
  desde: EstadoDerivacion,
  hacia: EstadoDerivacion,
): DomainException {
  const E = DerivacionErrors;
  const conflicto = (code: string, detail: string) =>
    new DomainException(code, 409, detail);
  if (desde === ATENDIDO) {
    return conflicto(
      E.DERIVACION_YA_ATENDIDA,
      'La derivación ya fue atendida: no admite más cambios.',
    );
  }
  if (desde === RECHAZADO) {
    return conflicto(
      E.DERIVACION_RECHAZADA,
      'La derivación fue rechazada: no admite más cambios.',
    );
  }
  if (desde === RECIBIDO && hacia === RECIBIDO) {
    return conflicto(
      E.DERIVACION_YA_RECIBIDA,
      'La derivación ya fue recibida; no puede recibirse dos veces.',
    );
  }
  if (desde === PENDIENTE && hacia === ATENDIDO) {
    return conflicto(
      E.DERIVACION_NO_RECIBIDA,
      'La derivación debe recibirse antes de atenderse.',
    );
  }
  const permitidos = TRANSICIONES_DERIVACION[desde]?.join(', ') || 'ninguno';
  return conflicto(
    E.TRANSICION_INVALIDA,
    `Transición de derivación no permitida: ${desde} → ${hacia}. Desde ${desde} se permite: ${permitidos}.`,
  );
}

export function assertTransicionDerivacion(
  desde: EstadoDerivacion,
  hacia: EstadoDerivacion,
): void {
  if (!puedeTransicionarDerivacion(desde, hacia)) throw rechazo(desde, hacia);
}

/** A new derivation leaves from the document's current area, not from wherever the user sits. */
export function assertAreaOrigen(
  areaActualDocumento: number | null,
  areaOrigen: number,
): void {
  if (areaActualDocumento !== areaOrigen) {
    throw new DomainException(
      DerivacionErrors.AREA_ORIGEN_INVALIDA,
      409,
      `La derivación debe salir del área actual del documento (${areaActualDocumento ?? 'sin área'}), no del área ${areaOrigen}.`,
    );
  }
}

export function assertFechaLimiteDerivacion(
  fechaDerivacion: Date,
  fechaLimite: Date,
): void {
  assertInstante(fechaDerivacion);
  assertInstante(fechaLimite);
  if (fechaLimite.getTime() < fechaDerivacion.getTime()) {
    throw new DomainException(
      DerivacionErrors.FECHA_LIMITE_ANTERIOR,
      400,
      'La fecha límite de atención no puede ser anterior a la fecha de derivación.',
      [
        {
          field: 'fechaLimiteAtencion',
          message: 'debe ser igual o posterior a la fecha de derivación',
        },
      ],
    );
  }
}

/** Rejecting requires a reason the sender can act on. */
export function assertMotivoRechazo(motivo: string | null | undefined): string {
  const limpio = typeof motivo === 'string' ? motivo.trim() : '';
  if (!limpio) {
    throw new DomainException(
      DerivacionErrors.MOTIVO_RECHAZO_REQUERIDO,
      400,
      'Para rechazar una derivación debe indicarse el motivo.',
      [{ field: 'motivoRechazo', message: 'es obligatorio' }],
    );
  }
  return limpio;
}
