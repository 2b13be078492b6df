import { DocumentoTramiteDto, EstadoDocumento, Prioridad } from '@mesa/shared/contracts';
import { camelizar, diferencia } from './documento-snapshot';

const base: DocumentoTramiteDto = {
  id: 'd1',
  numeroExpediente: 'EXP-2026-000001',
  tipoDocumentoId: 1,
  numeroDocumentoExterno: null,
  remitente: 'Ana',
  asunto: 'Asunto',
  numeroFolios: 2,
  tieneAnexos: false,
  prioridad: Prioridad.NORMAL,
  estado: EstadoDocumento.REGISTRADO,
  fechaPresentacion: '2026-03-02T15:00:00.000Z',
  fechaRecepcion: '2026-03-02T15:00:00.000Z',
  fechaLimite: '2026-03-24T04:59:59.999Z',
  areaActualId: 1,
  usuarioRegistroId: 'u1',
  expedienteRelacionadoId: null,
  etiquetas: ['a'],
  observaciones: null,
  origenExterno: null,
  idExterno: null,
  createdAt: '2026-03-02T15:00:00.000Z',
  updatedAt: '2026-03-02T15:00:00.000Z',
  version: 1,
  estadoPrevio: null,
  plazoPausadoDesde: null,
  fechaLimiteSubsanacion: null,
  diasPausados: 0,
};

describe('diferencia', () => {
  it('keeps only the audited fields that changed, before and after', () => {
    const despues = { ...base, asunto: 'Otro', etiquetas: ['a', 'b'], version: 2, updatedAt: '2026-03-03T00:00:00.000Z' };
    expect(diferencia(base, despues)).toEqual({
      antes: { asunto: 'Asunto', etiquetas: ['a'] },
      despues: { asunto: 'Otro', etiquetas: ['a', 'b'] },
    });
  });

  it('records a state change with its pause fields, and a value set to null', () => {
    const despues = { ...base, estado: EstadoDocumento.OBSERVADO, estadoPrevio: EstadoDocumento.REGISTRADO, areaActualId: null };
    expect(diferencia(base, despues)).toEqual({
      antes: { estado: 'REGISTRADO', estadoPrevio: null, areaActualId: 1 },
      despues: { estado: 'OBSERVADO', estadoPrevio: 'REGISTRADO', areaActualId: null },
    });
  });

  it('is empty when nothing audited changed', () => {
    expect(diferencia(base, { ...base, etiquetas: ['a'], version: 3 })).toEqual({ antes: {}, despues: {} });
  });
});

describe('camelizar', () => {
  it('renames snake_case keys of a stored row and leaves values alone', () => {
    expect(camelizar({ numero_expediente: 'EXP-1', area_actual_id: 3, asunto: 'x', etiquetas: ['a_b'] })).toEqual({
      numeroExpediente: 'EXP-1',
      areaActualId: 3,
      asunto: 'x',
      etiquetas: ['a_b'],
    });
  });

  it('gives null for anything that is not an object', () => {
    expect(camelizar(null)).toBeNull();
    expect(camelizar(['a'])).toBeNull();
    expect(camelizar('x')).toBeNull();
  });
});
