import { EstadoDerivacion } from '../contracts';
import { DomainException } from '../errors';
import {
  assertAreaOrigen,
  assertFechaLimiteDerivacion,
  assertMotivoRechazo,
  assertTransicionDerivacion,
  esDerivacionAbierta,
  TRANSICIONES_DERIVACION,
} from './derivacion.state-machine';

const { PENDIENTE, RECIBIDO, ATENDIDO, RECHAZADO } = EstadoDerivacion;

function fallo(fn: () => unknown): DomainException | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainException) return e;
    throw e;
  }
}

const TABLA: [EstadoDerivacion, EstadoDerivacion, string][] = [
  [PENDIENTE, PENDIENTE, 'TRANSICION_INVALIDA'],
  [PENDIENTE, RECIBIDO, 'ok'],
  [PENDIENTE, ATENDIDO, 'DERIVACION_NO_RECIBIDA'],
  [PENDIENTE, RECHAZADO, 'ok'],
  [RECIBIDO, PENDIENTE, 'TRANSICION_INVALIDA'],
  [RECIBIDO, RECIBIDO, 'DERIVACION_YA_RECIBIDA'],
  [RECIBIDO, ATENDIDO, 'ok'],
  [RECIBIDO, RECHAZADO, 'ok'],
  [ATENDIDO, PENDIENTE, 'DERIVACION_YA_ATENDIDA'],
  [ATENDIDO, RECIBIDO, 'DERIVACION_YA_ATENDIDA'],
  [ATENDIDO, ATENDIDO, 'DERIVACION_YA_ATENDIDA'],
  [ATENDIDO, RECHAZADO, 'DERIVACION_YA_ATENDIDA'],
  [RECHAZADO, PENDIENTE, 'DERIVACION_RECHAZADA'],
  [RECHAZADO, RECIBIDO, 'DERIVACION_RECHAZADA'],
  [RECHAZADO, ATENDIDO, 'DERIVACION_RECHAZADA'],
  [RECHAZADO, RECHAZADO, 'DERIVACION_RECHAZADA'],
];

describe('derivacion state machine', () => {
  it('the table covers every pair of states', () => {
    expect(TABLA).toHaveLength(Object.values(EstadoDerivacion).length ** 2);
  });

  it.each(TABLA)('%s → %s: %s', (desde, hacia, esperado) => {
    const error = fallo(() => assertTransicionDerivacion(desde, hacia));
    if (esperado === 'ok') {
      expect(error).toBeNull();
    } else {
      expect(error?.code).toBe(esperado);
      expect(error?.status).toBe(409);
    }
  });

  it.each([
    [PENDIENTE, true],
    [RECIBIDO, true],
    [ATENDIDO, false],
    [RECHAZADO, false],
  ])(
    'a %s derivation is open: %s (and final states have no exits)',
    (estado, abierta) => {
      expect(esDerivacionAbierta(estado)).toBe(abierta);
      expect(TRANSICIONES_DERIVACION[estado].length > 0).toBe(abierta);
    },
  );

  it.each([
    [10, 10, null],
    [10, 11, 'AREA_ORIGEN_INVALIDA'],
    [null, 10, 'AREA_ORIGEN_INVALIDA'],
  ])(
    'document in area %s, derivation from area %s: %s',
    (actual, origen, codigo) => {
      expect(fallo(() => assertAreaOrigen(actual, origen))?.code ?? null).toBe(
        codigo,
      );
    },
  );

  it.each([
    ['2026-07-27T15:00:00.000Z', '2026-07-27T15:00:00.000Z', null],
    ['2026-07-27T15:00:00.000Z', '2026-07-31T04:59:59.999Z', null],
    [
      '2026-07-27T15:00:00.000Z',
      '2026-07-27T14:59:59.999Z',
      'FECHA_LIMITE_ANTERIOR',
    ],
  ])('derived %s with deadline %s: %s', (derivada, limite, codigo) => {
    const error = fallo(() =>
      assertFechaLimiteDerivacion(new Date(derivada), new Date(limite)),
    );
    expect(error?.code ?? null).toBe(codigo);
    if (codigo)
      expect(error?.fields).toEqual([
        expect.objectContaining({ field: 'fechaLimiteAtencion' }),
      ]);
  });

  it('rejects an invalid deadline instant instead of letting NaN compare false', () => {
    expect(() =>
      assertFechaLimiteDerivacion(new Date('2026-07-27'), new Date('nope')),
    ).toThrow(RangeError);
  });

  it.each([
    ['  Falta el anexo 2  ', 'Falta el anexo 2'],
    ['', 'MOTIVO_RECHAZO_REQUERIDO'],
    ['   ', 'MOTIVO_RECHAZO_REQUERIDO'],
    [null, 'MOTIVO_RECHAZO_REQUERIDO'],
    [undefined, 'MOTIVO_RECHAZO_REQUERIDO'],
  ])('rejection reason %j gives %s', (motivo, esperado) => {
    let resultado: string;
    try {
      resultado = assertMotivoRechazo(motivo);
    } catch (e) {
      resultado = (e as DomainException).code;
      expect((e as DomainException).status).toBe(400);
    }
    expect(resultado).toBe(esperado);
  });
});
