import type { ArgumentMetadata } from '@nestjs/common';
import { DomainException, type FieldError } from '@mesa/shared/errors';
import { RefreshDto } from '../auth/auth.dto';
import { DerivarDto, DerivarMasivaDto } from '../derivaciones/derivaciones.dto';
import { RegistrarDocumentoDto } from '../documentos/documentos.dto';
import { ActualizarIntegracionDto, CrearIntegracionDto } from '../integraciones/integraciones.dto';
import { validationPipe } from './validation';

/** The fields of the problem the gateway's pipe answers for this body of this (real) DTO. */
async function campos(metatype: ArgumentMetadata['metatype'], body: unknown): Promise<FieldError[]> {
  try {
    await validationPipe.transform(body, { type: 'body', metatype });
  } catch (err) {
    expect(err).toBeInstanceOf(DomainException);
    expect((err as DomainException).fields?.length).toBeGreaterThan(0);
    return (err as DomainException).fields as FieldError[];
  }
  throw new Error('the body passed validation');
}
const mensaje = (fields: FieldError[], field: string) => fields.filter((f) => f.field === field).map((f) => f.message);
/** class-validator's own sentences all say must/should; none is left. */
const sinIngles = (fields: FieldError[]) => expect(fields.filter((f) => /\b(must|should|each value)\b/.test(f.message))).toEqual([]);

const valido = { tipoDocumentoId: 1, remitente: 'Rosa Huamán', asunto: 'Solicita copia', numeroFolios: 1, prioridad: 'NORMAL' };

describe('validation messages', () => {
  it('says in Spanish what each field of a document must be, with the decorator figures', async () => {
    const f = await campos(RegistrarDocumentoDto, {
      tipoDocumentoId: 0,
      remitente: 'R',
      asunto: 'x'.repeat(501),
      numeroFolios: 1.5,
      prioridad: 'ALTISIMA',
      tieneAnexos: 'si',
      expedienteRelacionadoId: 'no-uuid',
      otro: 1,
    });
    expect(mensaje(f, 'tipoDocumentoId')).toEqual(['no puede ser menor que 1']);
    expect(mensaje(f, 'remitente')).toEqual(['debe tener entre 2 y 255 caracteres']);
    expect(mensaje(f, 'asunto')).toEqual(['debe tener entre 3 y 500 caracteres']);
    expect(mensaje(f, 'numeroFolios')).toEqual(['debe ser un número entero']);
    expect(mensaje(f, 'prioridad')).toEqual(['debe ser uno de: NORMAL, ALTA, URGENTE']);
    expect(mensaje(f, 'tieneAnexos')).toEqual(['debe ser verdadero o falso']);
    expect(mensaje(f, 'expedienteRelacionadoId')).toEqual(['debe ser un UUID']);
    expect(mensaje(f, 'otro')).toEqual(['no es un campo permitido']);
    sinIngles(f);
  });

  it('names a missing field, an upper bound and a wrong type', async () => {
    const { remitente, ...sinRemitente } = valido;
    expect(remitente).toBeTruthy();
    const f = await campos(RegistrarDocumentoDto, { ...sinRemitente, numeroFolios: 100001, asunto: 7 });
    expect(mensaje(f, 'remitente')).toEqual(['debe tener entre 2 y 255 caracteres', 'debe ser un texto']);
    expect(mensaje(f, 'numeroFolios')).toEqual(['no puede ser mayor que 100000']);
    expect(mensaje(f, 'asunto')).toContain('debe ser un texto');
    sinIngles(f);
  });

  it('speaks of every element of an array, and of its size', async () => {
    const masiva = await campos(DerivarMasivaDto, { documentoIds: [], areaDestinoId: 2, instrucciones: 'Revisar' });
    expect(mensaje(masiva, 'documentoIds')).toEqual(['debe tener al menos 1 elemento']);
    const copias = await campos(DerivarDto, {
      documentoId: '6f1c3b1e-0000-4000-8000-000000000000',
      areaDestinoId: 2,
      instrucciones: 'Revisar',
      copias: [0],
      fechaLimiteAtencion: 'mañana',
    });
    expect(mensaje(copias, 'copias')).toEqual(['cada elemento no puede ser menor que 1']);
    expect(mensaje(copias, 'fechaLimiteAtencion')).toEqual(['debe ser una fecha o un instante ISO 8601']);
    sinIngles([...masiva, ...copias]);
  });

  it('names nested fields by their path, keeps the DTO own words, and holds for a derived DTO', async () => {
    const f = await campos(CrearIntegracionDto, {
      codigo: 'minúsculas',
      nombre: 'Registro',
      tipo: 'FTP',
      credenciales: { apiKey: 5 },
      eventos: ['NO_EXISTE', 'NO_EXISTE'],
      timeoutMs: 10,
    });
    expect(mensaje(f, 'codigo')).toEqual(['codigo: 2-50 mayúsculas, dígitos, _ o -']);
    expect(mensaje(f, 'tipo')).toEqual(['debe ser uno de: API_REST, WEBHOOK']);
    expect(mensaje(f, 'credenciales.apiKey')).toEqual(['debe tener entre 1 y 500 caracteres', 'debe ser un texto']);
    expect(mensaje(f, 'eventos')).toEqual(expect.arrayContaining(['no debe repetir elementos']));
    expect(mensaje(f, 'eventos').some((m) => m.startsWith('cada elemento debe ser uno de: '))).toBe(true);
    expect(mensaje(f, 'timeoutMs')).toEqual(['no puede ser menor que 100']);
    sinIngles(f);

    const parcial = await campos(ActualizarIntegracionDto, { credenciales: 'texto', maxReintentos: 21 });
    expect(mensaje(parcial, 'credenciales')).toEqual(['debe ser un objeto o una lista de objetos']);
    expect(mensaje(parcial, 'maxReintentos')).toEqual(['no puede ser mayor que 20']);
    expect(mensaje(await campos(RefreshDto, { refreshToken: 'corto' }), 'refreshToken')).toEqual(['no es un token de renovación']);
  });
});
