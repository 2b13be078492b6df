import type { EntityManager } from 'typeorm';

/**
 * Whether this transaction holds the advisory lock named `clave` (until it ends): replicas
 * running the same job take turns on it. With `esperar` it waits for the lock; otherwise it
 * answers false at once when another session holds it.
 */
export async function tomarTurno(m: EntityManager, clave: string, esperar = false): Promise<boolean> {
  const [{ turno }] = await m.query(
    esperar
      ? 'SELECT true AS turno FROM pg_advisory_xact_lock(hashtext($1))'
      : 'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS turno',
    [clave],
  );
  return turno;
}
