/** No wait between attempts is longer than this, however many attempts an integration allows. */
export const MAX_RETRASO_MS = 3_600_000;

/**
 * Delay before the attempt after `intento` (1-based): base × 2^(intento−1), capped, with ±25 %
 * jitter so that a burst of failures does not come back at once. Delays still grow strictly:
 * the shortest draw of one (0.75 × 2b) exceeds the longest of the one before (1.25 × b).
 */
export function retrasoReintento(intento: number, baseMs: number, aleatorio: () => number = Math.random): number {
  const techo = Math.min(baseMs * 2 ** Math.max(0, intento - 1), MAX_RETRASO_MS);
  return Math.round(techo * (0.75 + 0.5 * aleatorio()));
}

/** A server's Retry-After is honoured when it asks for longer than our own backoff. */
export function retrasoConRetryAfter(propio: number, retryAfterMs: number | null): number {
  return Math.min(Math.max(propio, retryAfterMs ?? 0), MAX_RETRASO_MS);
}
