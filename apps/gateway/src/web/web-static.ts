import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paths that belong to the API and the operators, never to the web app (not even its fallback). */
const NOT_WEB = /^\/(api|health|metrics)([/?-]|$)/;

/**
 * The web app's build: `web/` beside the gateway's bundle (the image) or dist/apps/web beside
 * dist/apps/gateway (npm start, the tests). None when the app was not built.
 */
export function webRoot(main = process.argv[1] ?? ''): string | undefined {
  const dir = dirname(main);
  return [join(dir, 'web'), join(dir, '..', 'web')].find((d) => existsSync(join(d, 'index.html')));
}

/**
 * Serves the web app at `/`: one route per file of the build (found once, at boot), so the API's
 * routes gain no hook and no lookup, and the app's own paths (`/bandeja`, `/seguimiento/...`)
 * answer index.html. Hashed assets are cached for a year; index.html is revalidated every time,
 * so a new build reaches browsers at once.
 */
export async function servirWeb(app: NestFastifyApplication, root: string): Promise<void> {
  await app.getHttpAdapter().getInstance().register(async (scope) => {
    await scope.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    const index = (req: FastifyRequest, reply: FastifyReply) =>
      NOT_WEB.test(req.url) ? reply.callNotFound() : reply.sendFile('index.html');
    scope.get('/', index);
    scope.get('/*', index);
  });
}
