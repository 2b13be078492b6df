import { mapearCampos } from './campos.mapper';

describe('field mapping', () => {
  const doc = { numeroExpediente: 'EXP-2026-000001', asunto: 'Solicitud', remitente: 'Ana' };

  it('renames the mapped fields and sends only those', () => {
    expect(mapearCampos(doc, { numeroExpediente: 'expediente', asunto: 'materia' })).toEqual({
      expediente: 'EXP-2026-000001',
      materia: 'Solicitud',
    });
  });

  it('sends every field with our names when there is no mapping', () => {
    expect(mapearCampos(doc, {})).toEqual(doc);
  });

  it('ignores mappings of fields the document does not have', () => {
    expect(mapearCampos(doc, { noExiste: 'x', asunto: 'subject' })).toEqual({ subject: 'Solicitud' });
  });
});
