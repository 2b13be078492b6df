import { createHash } from 'node:crypto';

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
