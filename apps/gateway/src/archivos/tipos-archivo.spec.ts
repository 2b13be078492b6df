import { DomainException } from '@mesa/shared/errors';
import { disposicion, extension, nombreSeguro, tipoVerificado } from './tipos-archivo';

const PDF = { mime: 'application/pdf' };

function error(fn: () => unknown): DomainException {
  try {
    fn();
  } catch (err) {
    return err as DomainException;
  }
  throw new Error('no error');
}

describe('attachment types and names', () => {
  it.each([
    ['solicitud.pdf', PDF, 'application/pdf'],
    ['SOLICITUD.PDF', PDF, 'application/pdf'],
    ['sin-extension', PDF, 'application/pdf'],
    ['foto.JPEG', { mime: 'image/jpeg' }, 'image/jpeg'],
    ['foto.jpg', { mime: 'image/jpeg' }, 'image/jpeg'],
    ['C:\\fakepath\\oficio.pdf', PDF, 'application/pdf'],
  ])('accepts %s as %s', (nombre, detectado, mime) => {
    expect(tipoVerificado(nombre, detectado)).toBe(mime);
  });

  it.each([
    ['contrato.pdf', undefined, 415, 'ARCHIVO_TIPO_NO_PERMITIDO'],
    ['contrato.pdf', { mime: 'application/x-msdownload' }, 415, 'ARCHIVO_TIPO_NO_PERMITIDO'],
    ['contrato.pdf', { mime: 'application/zip' }, 415, 'ARCHIVO_TIPO_NO_PERMITIDO'],
    ['contrato.pdf', { mime: 'image/png' }, 422, 'ARCHIVO_TIPO_NO_COINCIDE'],
    ['contrato.exe', PDF, 422, 'ARCHIVO_TIPO_NO_COINCIDE'],
  ])('refuses %s with content %j', (nombre, detectado, status, code) => {
    const e = error(() => tipoVerificado(nombre, detectado));
    expect(e).toBeInstanceOf(DomainException);
    expect({ status: e.status, code: e.code }).toEqual({ status, code });
  });

  it('reads the extension of the last path segment only', () => {
    expect(extension('dir.v2/informe')).toBe('');
    expect(extension('a/b/informe.Pdf')).toBe('pdf');
    expect(extension('.bashrc')).toBe('');
  });

  it.each([
    ['C:\\Users\\ana\\Resolución.pdf', 'Resolución.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['Oficio %22urgente%22.pdf', 'Oficio "urgente".pdf'],
    ['línea\r\nrota%0D%0A.pdf', 'línearota.pdf'],
    ['', 'archivo.pdf'],
    ['..', 'archivo.pdf'],
  ])('names %j as %j', (original, esperado) => {
    expect(nombreSeguro(original, 'application/pdf')).toBe(esperado);
  });

  it('keeps the extension when it shortens a long name to 255 characters', () => {
    const nombre = nombreSeguro(`${'a'.repeat(300)}.pdf`, 'application/pdf');
    expect(nombre).toHaveLength(255);
    expect(nombre.endsWith('.pdf')).toBe(true);
  });

  it('offers a download under an ASCII fallback and the exact UTF-8 name, with nothing that breaks the header', () => {
    expect(disposicion('Resolución N° 5; "final".pdf')).toBe(
      `attachment; filename="Resolucion N_ 5_ _final_.pdf"; filename*=UTF-8''Resoluci%C3%B3n%20N%C2%B0%205%3B%20%22final%22.pdf`,
    );
    expect(disposicion("a'b(c).pdf")).toBe(`attachment; filename="a'b(c).pdf"; filename*=UTF-8''a%27b%28c%29.pdf`);
  });
});
