import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { badRequest, ErrorCodes } from '@mesa/shared/errors';

/**
 * multipart/form-data for uploads. Limits are set per route (the attachment route takes one file
 * of at most MAX_UPLOAD_BYTES); these defaults refuse anything bigger elsewhere.
 */
export async function registrarMultipart(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });
  // Without a boundary the parser throws a plain Error on the first read (a 500): refuse it here.
  app.getHttpAdapter().getInstance().addHook('preValidation', (req, _reply, done) => {
    if (!req.isMultipart() || /;\s*boundary=/i.test(req.headers['content-type'] ?? '')) return done();
    done(badRequest(ErrorCodes.VALIDATION_FAILED, 'multipart/form-data sin boundary', [{ field: 'content-type', message: 'falta boundary' }]));
  });
}
