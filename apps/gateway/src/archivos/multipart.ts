import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * multipart/form-data for uploads. Limits are set per route (the attachment route takes one file
 * of at most MAX_UPLOAD_BYTES); these defaults refuse anything bigger elsewhere.
 */
export async function registrarMultipart(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });
}
