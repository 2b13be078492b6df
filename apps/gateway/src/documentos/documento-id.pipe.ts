import { ParseUUIDPipe } from '@nestjs/common';
import { DocumentosErrors } from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';

/**
 * An id that is not a UUID cannot exist: same 404 as an unknown one. Any version: the app
 * registers v4 ids, the bulk seed time-ordered v7 ones.
 */
export const documentoIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado'),
});
