import { EstadoDocumento } from '@mesa/shared/contracts';
import { documentoVisto, FilaDocumentoRef, siguienteMovimiento } from './documento-visto';

const copia: FilaDocumentoRef = {
  documento_id: 'd',
  numero_expediente: 'EXP-2026-000001',
  asunto: 'Solicita constancia',
  estado: EstadoDocumento.OBSERVADO,
  area_actual_id: 2,
  secuencia_respondida: 1,
  secuencia: null,
  secuencia_cambio: null,
  estado_solicitado: null,
  area_solicitada: null,
};

describe('a document as derivaciones sees it', () => {
  it('never moved by derivaciones: what documentos says, movement 0', () => {
    expect(documentoVisto(copia)).toMatchObject({
      estado: 'OBSERVADO',
      area_actual_id: 2,
      secuencia: 0,
      secuencia_cambio: 0,
    });
  });

  it('a change asked for and not answered yet shows as asked; answered, documentos’ word counts', () => {
    const pedido = {
      ...copia,
      secuencia: 2,
      secuencia_cambio: 2,
      estado_solicitado: EstadoDocumento.EN_PROCESO,
      area_solicitada: 3,
    };
    expect(documentoVisto(pedido)).toMatchObject({ estado: 'EN_PROCESO', area_actual_id: 3, secuencia: 2 });
    expect(documentoVisto({ ...pedido, secuencia_respondida: 2 })).toMatchObject({
      estado: 'OBSERVADO',
      area_actual_id: 2,
      secuencia: 2,
    });
  });

  it('the next movement is numbered after the last; only one that asks for another state or office is a change', () => {
    const visto = documentoVisto({
      ...copia,
      secuencia: 4,
      secuencia_cambio: 3,
      estado_solicitado: EstadoDocumento.OBSERVADO,
      area_solicitada: 2,
    });
    expect(siguienteMovimiento(visto, EstadoDocumento.OBSERVADO, 2)).toMatchObject({
      secuencia: 5,
      secuencia_cambio: 3,
    });
    expect(siguienteMovimiento(visto, EstadoDocumento.OBSERVADO, 4)).toMatchObject({
      secuencia: 5,
      secuencia_cambio: 5,
      area_actual_id: 4,
    });
  });
});
