import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** The length of every ETag of etagDe: 27 base64url characters in quotes. */
export const ETAG_LENGTH = 29;

/** A strong validator of a JSON body: equal bodies, equal tags, whichever replica answers. */
export function etagDe(cuerpo: string): string {
  return `"${createHash('sha256').update(cuerpo).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (W/ ignored). */
export function noCambio(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const valores = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch).split(',').map((v) => v.trim());
  const propio = etag.replace(/^W\//, '');
  return valores.some((v) => v === '*' || v.replace(/^W\//, '') === propio);
}

/**
 * Answers a JSON body that clients poll: its ETag, revalidation on every use (`private,
 * no-cache`: bodies are per user or carry a secret in the URL), and 304 when the client's copy
 * is current.
 */
export async function responderConEtag(
  reply: FastifyReply,
  cuerpo: unknown,
  ifNoneMatch: string | undefined,
): Promise<void> {
  const json = JSON.stringify(cuerpo);
  const etag = etagDe(json);
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (noCambio(ifNoneMatch, etag)) {
    await reply.status(304).send();
    return;
  }
  await reply.status(200).header('content-type', 'application/json; charset=utf-8').send(json);
}
