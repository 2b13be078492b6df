import { EstadoDocumento } from '../contracts';
import { DomainException } from '../errors';

const {
  REGISTRADO,
  EN_PROCESO,
  OBSERVADO,
  ATENDIDO,
  ARCHIVADO,
  NO_PRESENTADO,
} = EstadoDocumento;

/**
 * Allowed moves of a document (domain rule 5):
 * - routing takes REGISTRADO or EN_PROCESO to EN_PROCESO (re-routing stays EN_PROCESO);
 * - attending the last open derivation takes EN_PROCESO to ATENDIDO;
 * - observing is possible before the document is answered, and pauses the clock;
 * - correcting (subsanar) returns an OBSERVADO document to the state it had when observed;
 *   not correcting in time makes it NO_PRESENTADO;
 * - only an ATENDIDO document is archived. ARCHIVADO and NO_PRESENTADO are final.
 */
export const TRANSICIONES_DOCUMENTO: Readonly<
  Record<EstadoDocumento, readonly EstadoDocumento[]>
> = {
  [REGISTRADO]: [EN_PROCESO, OBSERVADO],
  [EN_PROCESO]: [EN_PROCESO, OBSERVADO, ATENDIDO],
  [OBSERVADO]: [REGISTRADO, EN_PROCESO, NO_PRESENTADO],
  [ATENDIDO]: [ARCHIVADO],
  [ARCHIVADO]: [],
  [NO_PRESENTADO]: [],
};

const ESTADOS_FINALES_DOCUMENTO: readonly EstadoDocumento[] = [
  ARCHIVADO,
  NO_PRESENTADO,
];

/** States an observed document may return to; the entity must remember which one it left. */
const ESTADOS_OBSERVABLES: readonly EstadoDocumento[] = [
  REGISTRADO,
  EN_PROCESO,
];

export const DocumentoEstadoErrors = {
  TRANSICION_INVALIDA: 'TRANSICION_INVALIDA',
  DOCUMENTO_ARCHIVADO: 'DOCUMENTO_ARCHIVADO',
  DOCUMENTO_NO_PRESENTADO: 'DOCUMENTO_NO_PRESENTADO',
  DOCUMENTO_NO_ATENDIDO: 'DOCUMENTO_NO_ATENDIDO',
  DOCUMENTO_ATENDIDO: 'DOCUMENTO_ATENDIDO',
  DOCUMENTO_OBSERVADO: 'DOCUMENTO_OBSERVADO',
  DOCUMENTO_NO_OBSERVADO: 'DOCUMENTO_NO_OBSERVADO',
} as const;

function puedeTransicionarDocumento(
  desde: EstadoDocumento,
  hacia: EstadoDocumento,
): boolean {
  return TRANSICIONES_DOCUMENTO[desde]?.includes(hacia) ?? false;
}

export function esEstadoFinalDocumento(estado: EstadoDocumento): boolean {
  return ESTADOS_FINALES_DOCUMENTO.includes(estado);
}

/** The most specific reason a move is refused, so clients can react to a stable code. */
function rechazo(
  desde: EstadoDocumento,
  hacia: EstadoDocumento,
): DomainException {
  const E = DocumentoEstadoErrors;
  const conflicto = (code: string, detail: string) =>
    new DomainException(code, 409, detail);
  if (desde === ARCHIVADO) {
    return conflicto(
      E.DOCUMENTO_ARCHIVADO,
      'El documento está archivado: no admite derivaciones ni cambios de estado.',
    );
  }
  if (desde === NO_PRESENTADO) {
    return conflicto(
      E.DOCUMENTO_NO_PRESENTADO,
      'El documento se tuvo por no presentado al no subsanarse a tiempo: no admite más cambios.',
    );
  }
  if (hacia === ARCHIVADO) {
    return conflicto(
      E.DOCUMENTO_NO_ATENDIDO,
      `Solo un documento ATENDIDO puede archivarse; este está ${desde}.`,
    );
  }
  if (hacia === NO_PRESENTADO) {
    return conflicto(
      E.DOCUMENTO_NO_OBSERVADO,
      `Solo un documento OBSERVADO y no subsanado puede tenerse por no presentado; este está ${desde}.`,
    );
  }
  if (desde === OBSERVADO) {
    return conflicto(
      E.DOCUMENTO_OBSERVADO,
      'El documento está OBSERVADO (plazo suspendido): debe subsanarse antes de continuar su trámite.',
    );
  }
  if (desde === ATENDIDO) {
    return conflicto(
      E.DOCUMENTO_ATENDIDO,
      'El documento ya fue ATENDIDO: solo puede archivarse.',
    );
  }
  const permitidos = TRANSICIONES_DOCUMENTO[desde]?.join(', ') || 'ninguno';
  return conflicto(
    E.TRANSICION_INVALIDA,
    `Transición de documento no permitida: ${desde} → ${hacia}. Desde ${desde} se permite: ${permitidos}.`,
  );
}

export function assertTransicionDocumento(
  desde: EstadoDocumento,
  hacia: EstadoDocumento,
): void {
  if (!puedeTransicionarDocumento(desde, hacia)) throw rechazo(desde, hacia);
}

/**
 * States a new derivation may leave from. Narrower than "can move to EN_PROCESO": an OBSERVADO
 * document returns to EN_PROCESO only by being corrected, never by being routed.
 */
const ESTADOS_DERIVABLES: readonly EstadoDocumento[] = [
  REGISTRADO,
  EN_PROCESO,
];

export function puedeDerivarse(estado: EstadoDocumento): boolean {
  return ESTADOS_DERIVABLES.includes(estado);
}

export function assertPuedeDerivarse(estado: EstadoDocumento): void {
  if (!puedeDerivarse(estado)) throw rechazo(estado, EN_PROCESO);
}

/**
 * The state a corrected document returns to: the one it had when observed (`estadoPrevio`,
 * stored alongside the observation).
 */
export function estadoTrasSubsanar(
  actual: EstadoDocumento,
  estadoPrevio: EstadoDocumento,
): EstadoDocumento {
  if (actual !== OBSERVADO) {
    throw new DomainException(
      DocumentoEstadoErrors.DOCUMENTO_NO_OBSERVADO,
      409,
      `Solo un documento OBSERVADO puede subsanarse; este está ${actual}.`,
    );
  }
  if (!ESTADOS_OBSERVABLES.includes(estadoPrevio)) {
    throw new DomainException(
      DocumentoEstadoErrors.TRANSICION_INVALIDA,
      409,
      `Estado previo a la observación inválido: ${estadoPrevio} (se espera REGISTRADO o EN_PROCESO).`,
    );
  }
  return estadoPrevio;
}
