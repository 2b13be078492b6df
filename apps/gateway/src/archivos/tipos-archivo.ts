import { ArchivosErrors } from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';

/** What the desk accepts, by the type detected from the content, with the extensions each may carry. */
const TIPOS_PERMITIDOS: ReadonlyMap<string, readonly string[]> = new Map([
  ['application/pdf', ['pdf']],
  ['image/png', ['png']],
  ['image/jpeg', ['jpg', 'jpeg']],
  ['image/tiff', ['tif', 'tiff']],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['docx']],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx']],
  ['application/vnd.oasis.opendocument.text', ['odt']],
  ['application/vnd.oasis.opendocument.spreadsheet', ['ods']],
]);

const MAX_NOMBRE = 255;

/** The extension of a file name, lower case, without the dot; '' when it has none. */
export function extension(nombre: string): string {
  const base = nombre.split(/[\\/]/).pop() ?? '';
  const punto = base.lastIndexOf('.');
  return punto > 0
    ? base
        .slice(punto + 1)
        .toLowerCase()
        .trim()
    : '';
}

/**
 * The MIME type to record: the one detected from the content, if the desk accepts it and the
 * name does not announce another (a `.pdf` that is a PNG, or an executable, is refused).
 */
export function tipoVerificado(nombre: string, detectado: { mime: string } | undefined): string {
  const extensiones = detectado ? TIPOS_PERMITIDOS.get(detectado.mime) : undefined;
  if (!detectado || !extensiones) {
    throw new DomainException(
      ArchivosErrors.ARCHIVO_TIPO_NO_PERMITIDO,
      415,
      `El contenido no es de un tipo admitido (${[...TIPOS_PERMITIDOS.values()].flat().join(', ')}).`,
    );
  }
  const ext = extension(nombre);
  if (ext && !extensiones.includes(ext)) {
    throw new DomainException(
      ArchivosErrors.ARCHIVO_TIPO_NO_COINCIDE,
      422,
      `El nombre dice .${ext} pero el contenido es ${detectado.mime}.`,
      [{ field: 'archivo', message: 'la extensión no coincide con el contenido' }],
    );
  }
  return detectado.mime;
}

/**
 * The name as shown and offered on download: the last path segment (some browsers send a
 * client path), without control characters (nor their %0D/%0A escapes), NFC, at most 255 characters.
 */
export function nombreSeguro(original: string | undefined, mime: string | undefined): string {
  // Browsers escape `"` as %22 (and CR, LF) in a multipart file name (WHATWG HTML).
  const base = ((original ?? '').split(/[\\/]/).pop() ?? '').replace(/%22/g, '"');
  const limpio = base
    .normalize('NFC')
    .replace(/\p{Cc}|%0[ad]/giu, '')
    .trim();
  const nombre =
    limpio && limpio !== '.' && limpio !== '..'
      ? limpio
      : `archivo.${(mime && TIPOS_PERMITIDOS.get(mime)?.[0]) ?? 'bin'}`;
  if (nombre.length <= MAX_NOMBRE) return nombre;
  const ext = extension(nombre);
  return ext && ext.length < 16
    ? `${nombre.slice(0, MAX_NOMBRE - ext.length - 1)}.${ext}`
    : nombre.slice(0, MAX_NOMBRE);
}

/**
 * Content-Disposition for a download (RFC 6266): always `attachment`, an ASCII fallback with
 * anything that could break the header replaced, and the exact name in UTF-8 (RFC 8187).
 */
export function disposicion(nombre: string): string {
  const ascii = nombre
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\;%]/g, '_');
  const utf8 = encodeURIComponent(nombre).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
