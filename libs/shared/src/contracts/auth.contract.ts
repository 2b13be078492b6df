import { Rol } from './enums';

/** Who is asking: carried from the gateway to every service with each request. */
export interface Actor {
  userId: string;
  username: string;
  rol: Rol;
  /** Office of an AREA user; null for roles that are not scoped to an office. */
  areaId: number | null;
  ip?: string;
}

/**
 * The `Idempotency-Key` of a creating request, as the gateway passes it to the service that
 * writes: recorded in the write's own transaction, per user (the actor's id) and key, with the
 * reply. `requestHash` tells a retry (same request) from a reuse of the key (refused).
 */
export interface ClaveIdempotencia {
  key: string;
  requestHash: string;
}
