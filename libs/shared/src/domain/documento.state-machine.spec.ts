import { EstadoDocumento } from '../contracts';
import { DomainException } from '../errors';
import {
  assertPuedeDerivarse,
  assertTransicionDocumento,
  esEstadoFinalDocumento,
  estadoTrasSubsanar,
  puedeDerivarse,
  TRANSICIONES_DOCUMENTO,
} from './documento.state-machine';

const {
  REGISTRADO,
  EN_PROCESO,
  OBSERVADO,
  ATENDIDO,
  ARCHIVADO,
  NO_PRESENTADO,
} = EstadoDocumento;

/** Captures the DomainException a call throws, or null when it does not throw. */
function fallo(fn: () => unknown): DomainException | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainException) return e;
    throw e;
  }
}

// Every pair of states: 'ok' or the code of the refusal.
const TABLA: [EstadoDocumento, EstadoDocumento, string][] = [
  [REGISTRADO, REGISTRADO, 'TRANSICION_INVALIDA'],
  [REGISTRADO, EN_PROCESO, 'ok'],
  [REGISTRADO, OBSERVADO, 'ok'],
  [REGISTRADO, ATENDIDO, 'TRANSICION_INVALIDA'],
  [REGISTRADO, ARCHIVADO, 'DOCUMENTO_NO_ATENDIDO'],
  [REGISTRADO, NO_PRESENTADO, 'DOCUMENTO_NO_OBSERVADO'],
  [EN_PROCESO, REGISTRADO, 'TRANSICION_INVALIDA'],
  [EN_PROCESO, EN_PROCESO, 'ok'],
  [EN_PROCESO, OBSERVADO, 'ok'],
  [EN_PROCESO, ATENDIDO, 'ok'],
  [EN_PROCESO, ARCHIVADO, 'DOCUMENTO_NO_ATENDIDO'],
  [EN_PROCESO, NO_PRESENTADO, 'DOCUMENTO_NO_OBSERVADO'],
  [OBSERVADO, REGISTRADO, 'ok'],
  [OBSERVADO, EN_PROCESO, 'ok'],
  [OBSERVADO, OBSERVADO, 'DOCUMENTO_OBSERVADO'],
  [OBSERVADO, ATENDIDO, 'DOCUMENTO_OBSERVADO'],
  [OBSERVADO, ARCHIVADO, 'DOCUMENTO_NO_ATENDIDO'],
  [OBSERVADO, NO_PRESENTADO, 'ok'],
  [ATENDIDO, REGISTRADO, 'DOCUMENTO_ATENDIDO'],
  [ATENDIDO, EN_PROCESO, 'DOCUMENTO_ATENDIDO'],
  [ATENDIDO, OBSERVADO, 'DOCUMENTO_ATENDIDO'],
  [ATENDIDO, ATENDIDO, 'DOCUMENTO_ATENDIDO'],
  [ATENDIDO, ARCHIVADO, 'ok'],
  [ATENDIDO, NO_PRESENTADO, 'DOCUMENTO_NO_OBSERVADO'],
  ...Object.values(EstadoDocumento).map(
    (e): [EstadoDocumento, EstadoDocumento, string] => [
      ARCHIVADO,
      e,
      'DOCUMENTO_ARCHIVADO',
    ],
  ),
  ...Object.values(EstadoDocumento).map(
    (e): [EstadoDocumento, EstadoDocumento, string] => [
      NO_PRESENTADO,
      e,
      'DOCUMENTO_NO_PRESENTADO',
    ],
  ),
];

describe('documento state machine', () => {
  it('the table covers every pair of states', () => {
    expect(TABLA).toHaveLength(Object.values(EstadoDocumento).length ** 2);
  });

  it.each(TABLA)('%s → %s: %s', (desde, hacia, esperado) => {
    const error = fallo(() => assertTransicionDocumento(desde, hacia));
    if (esperado === 'ok') {
      expect(error).toBeNull();
    } else {
      expect(error?.code).toBe(esperado);
      expect(error?.status).toBe(409);
      expect(error?.message.length).toBeGreaterThan(20);
    }
  });

  it('names both states and the allowed ones in a generic refusal', () => {
    expect(
      fallo(() => assertTransicionDocumento(REGISTRADO, ATENDIDO))?.message,
    ).toBe(
      'Transición de documento no permitida: REGISTRADO → ATENDIDO. Desde REGISTRADO se permite: EN_PROCESO, OBSERVADO.',
    );
  });

  it('only ARCHIVADO and NO_PRESENTADO are final, and they have no exits', () => {
    for (const estado of Object.values(EstadoDocumento)) {
      expect(esEstadoFinalDocumento(estado)).toBe(
        TRANSICIONES_DOCUMENTO[estado].length === 0,
      );
    }
    expect(
      Object.values(EstadoDocumento).filter(esEstadoFinalDocumento),
    ).toEqual([ARCHIVADO, NO_PRESENTADO]);
  });

  it('every state is reachable from REGISTRADO', () => {
    const vistos = new Set<EstadoDocumento>([REGISTRADO]);
    const cola = [REGISTRADO];
    while (cola.length) {
      for (const siguiente of TRANSICIONES_DOCUMENTO[
        cola.shift() as EstadoDocumento
      ]) {
        if (!vistos.has(siguiente)) {
          vistos.add(siguiente);
          cola.push(siguiente);
        }
      }
    }
    expect([...vistos].sort()).toEqual(Object.values(EstadoDocumento).sort());
  });

  it.each([
    [REGISTRADO, true, null],
    [EN_PROCESO, true, null],
    [OBSERVADO, false, 'DOCUMENTO_OBSERVADO'],
    [ATENDIDO, false, 'DOCUMENTO_ATENDIDO'],
    [ARCHIVADO, false, 'DOCUMENTO_ARCHIVADO'],
    [NO_PRESENTADO, false, 'DOCUMENTO_NO_PRESENTADO'],
  ])(
    'a %s document can be routed: %s (refusal %s)',
    (estado, puede, codigo) => {
      expect(puedeDerivarse(estado)).toBe(puede);
      expect(fallo(() => assertPuedeDerivarse(estado))?.code ?? null).toBe(
        codigo,
      );
    },
  );

  it.each([
    [OBSERVADO, REGISTRADO, REGISTRADO],
    [OBSERVADO, EN_PROCESO, EN_PROCESO],
    [OBSERVADO, ATENDIDO, 'TRANSICION_INVALIDA'],
    [OBSERVADO, OBSERVADO, 'TRANSICION_INVALIDA'],
    [EN_PROCESO, REGISTRADO, 'DOCUMENTO_NO_OBSERVADO'],
    [ARCHIVADO, EN_PROCESO, 'DOCUMENTO_NO_OBSERVADO'],
  ])(
    'correcting a %s document observed while %s gives %s',
    (actual, previo, esperado) => {
      let resultado: string;
      try {
        resultado = estadoTrasSubsanar(actual, previo);
      } catch (e) {
        resultado = (e as DomainException).code;
      }
      expect(resultado).toBe(esperado);
    },
  );
});
