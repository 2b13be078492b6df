import type { FastifyInstance } from 'fastify';
import { DomainException, ErrorCodes } from '../errors';

/**
 * Deepest JSON body any app accepts. The API's bodies nest three levels at most; 32 leaves room
 * for growth and stays far below what recursive code downstream (class-transformer, the
 * validator, JSON.stringify) survives: a body 5,000 levels deep overflowed their stack into 500s.
 */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests objects or arrays deeper than `max` (`{}` is depth 1). Iterative, stops early. */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Replaces Fastify's JSON body parser by the same parser (same prototype-poisoning refusal) plus
 * a depth check on what it parsed, so a deep body is refused with 400 JSON_TOO_DEEP before any
 * guard, pipe or handler walks it. Parsed once; the check is a loop over the parsed value.
 */
export function limitJsonDepth(fastify: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parse(req, body as string, (err, value) => {
      if (err) return done(err, undefined);
      if (jsonDepthExceeds(value, maxDepth)) {
        return done(
          new DomainException(ErrorCodes.JSON_TOO_DEEP, 400, `El cuerpo JSON anida más de ${maxDepth} niveles`),
          undefined,
        );
      }
      done(null, value);
    });
  });
}
