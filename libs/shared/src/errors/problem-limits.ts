import type { ProblemPayload } from './domain.exception';

/** What a problem answer holds at most: the problem filter cuts anything longer, the API's document says so. */
export const PROBLEM_LIMITS = { detail: 1000, fields: 100, field: 200, message: 500 } as const;

/** A problem within the documented limits: long texts and field lists are cut, nothing else changes. */
export function acotarProblema<T extends ProblemPayload>(p: T): T {
  // Problems from the services arrive over the bus as they were sent: no field is taken for granted.
  const cortar = (texto: unknown, max: number) => (typeof texto === 'string' ? texto.slice(0, max) : texto);
  const fields = Array.isArray(p.fields)
    ? p.fields.slice(0, PROBLEM_LIMITS.fields).map((f) => ({ field: cortar(f.field, PROBLEM_LIMITS.field), message: cortar(f.message, PROBLEM_LIMITS.message) }))
    : undefined;
  return { ...p, detail: cortar(p.detail, PROBLEM_LIMITS.detail), ...(fields ? { fields } : {}) } as T;
}
