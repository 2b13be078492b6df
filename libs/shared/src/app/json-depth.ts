import type { FastifyInstance } from 'fastify';
import { DomainException, ErrorCodes } from '../errors';

/**
 * Deepest JSON body any app accepts. The API's bodies nest three levels at most; 32 leaves room
 * for growth and stays far below what recursive code downstream (class-transformer, the
 * validator, JSON.stringify) survives: a body 5,000 levels deep overflowed their stack into 500s.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * True when `value` nests arrays or plain objects deeper than `max` (`{}` is depth 1). Iterative
 * and stops early; other objects (a Buffer, a multipart stream) are not walked.
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    const children = Array.isArray(node) ? node : isPlainObject(node) ? Object.values(node) : undefined;
    if (!children) continue;
    if (depth > max) return true;
    for (const child of children) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}

/** What JSON.parse makes of `{...}`: an object whose prototype is Object's (or none). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Refuses a body nested deeper than `maxDepth` with 400 JSON_TOO_DEEP, on every route of the
 * app, before any guard, pipe or handler walks it. The body is parsed once, by the parser Nest
 * registers; this hook only walks what it produced.
 */
export function limitJsonDepth(fastify: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    if (!jsonDepthExceeds(req.body, maxDepth)) return done();
    done(new DomainException(ErrorCodes.JSON_TOO_DEEP, 400, `El cuerpo JSON anida más de ${maxDepth} niveles`));
  });
}
