import { EstadoDerivacion } from '@mesa/shared/contracts';
import { DerivacionRow, toDerivacionDto } from './derivacion.mapper';

const fila = (over: Partial<DerivacionRow> = {}): DerivacionRow => ({
  id: 'd1',
  numero_derivacion: 'DER-202611-000001',
  documento_id: 'doc1',
  numero_expediente: 'EXP-2026-000001',
  asunto: 'Asunto',
  area_origen_id: 1,
  area_destino_id: 2,
  usuario_deriva_id: 'u1',
  usuario_recibe_id: null,
  usuario_atiende_id: null,
  instrucciones: 'Atender',
  observaciones: null,
  motivo_rechazo: null,
  respuesta: null,
  fecha_derivacion: new Date('2026-11-20T15:00:00Z'),
  fecha_recepcion: null,
  fecha_atencion: null,
  fecha_limite_atencion: new Date('2026-11-25T04:59:59.999Z'),
  estado: EstadoDerivacion.PENDIENTE,
  es_urgente: false,
  requiere_respuesta: false,
  es_copia: false,
  derivacion_padre_id: null,
  ...over,
});

describe('toDerivacionDto', () => {
  const despues = new Date('2026-11-26T00:00:00Z');
  const antes = new Date('2026-11-24T00:00:00Z');

  it('an open derivation past its deadline is overdue; before it, it is not', () => {
    expect(toDerivacionDto(fila(), despues).vencida).toBe(true);
    expect(toDerivacionDto(fila({ estado: EstadoDerivacion.RECIBIDO }), despues).vencida).toBe(true);
    expect(toDerivacionDto(fila(), antes).vencida).toBe(false);
  });

  it('an attended or rejected derivation, or one without a deadline, is never overdue', () => {
    expect(toDerivacionDto(fila({ estado: EstadoDerivacion.ATENDIDO }), despues).vencida).toBe(false);
    expect(toDerivacionDto(fila({ estado: EstadoDerivacion.RECHAZADO }), despues).vencida).toBe(false);
    expect(toDerivacionDto(fila({ fecha_limite_atencion: null }), despues).vencida).toBe(false);
  });

  it('dates become ISO strings (nulls stay null) and columns become the API’s names', () => {
    const dto = toDerivacionDto(fila({ fecha_recepcion: new Date('2026-11-21T10:00:00Z') }), antes);
    expect(dto).toMatchObject({
      numeroDerivacion: 'DER-202611-000001',
      areaOrigenId: 1,
      areaDestinoId: 2,
      fechaDerivacion: '2026-11-20T15:00:00.000Z',
      fechaRecepcion: '2026-11-21T10:00:00.000Z',
      fechaAtencion: null,
      esCopia: false,
    });
  });
});
