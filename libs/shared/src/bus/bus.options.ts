/** Options of the bus transporter, shared by the server and the client. */
export interface BusServerOptions {
  redisUrl: string;
  /** Service name: its request stream and its consumer group on every stream it reads. */
  service: string;
  /** Prefix of every key; default `process.env.REDIS_KEY_PREFIX ?? 'mesa:'`. */
  keyPrefix?: string;
  /** Consumer name inside the group; default `<host>-<pid>-<random>` (unique per process). */
  consumerName?: string;
  /** An entry pending this long without a heartbeat is claimed by another replica (ms). */
  claimIdleMs?: number;
  /** How long one XREADGROUP blocks waiting for entries (ms). */
  blockMs?: number;
  /** Entries read per XREADGROUP, and the most handled at once by this process. */
  batchSize?: number;
}

export interface BusClientOptions {
  redisUrl: string;
  /** Target service of `send()`. */
  service: string;
  /**
   * The calling app, if named: its reply streams are then `bus:rep:<service>:<caller>:<random>`,
   * so a Redis ACL can give each caller its own replies (deploy/redis/acl.mjs).
   */
  caller?: string;
  keyPrefix?: string;
  /** Deadline of each request (ms); at most REQUEST_RETENTION_MS. */
  timeoutMs?: number;
  /** `MAXLEN ~` of the event streams this client emits to. */
  eventMaxLen?: number;
}

export const BUS_DEFAULTS = {
  timeoutMs: 5_000,
  claimIdleMs: 2_000,
  blockMs: 2_000,
  batchSize: 128,
  eventMaxLen: 100_000,
} as const;

/**
 * Entries handled per event-loop turn before yielding. A turn's replies (or, in a client, the
 * requests its replies trigger) leave together at its end, so a large batch handled in one turn
 * would hold back its first replies until the last one is done, and hold the event loop (health
 * probes included) meanwhile. Yielding every 32 lets the caller, Redis and the replica work at the
 * same time; smaller turns cost more writes and script calls per message (see the benchmark).
 */
export const ENTRIES_PER_TURN = 32;

/**
 * The largest envelope (request, reply or event, serialised) the bus carries: 4 MiB, room for a
 * 1 MiB request body several times over and for the largest page a service answers. A client
 * refuses to send more (413 BUS_MESSAGE_TOO_LARGE), and a server drops a larger entry unread, so
 * whoever can write to Redis cannot make every replica parse a huge message.
 */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const BUS_MESSAGE_TOO_LARGE = 'BUS_MESSAGE_TOO_LARGE';

export function tooLarge(bytes: number): boolean {
  return bytes > MAX_MESSAGE_BYTES;
}

/**
 * Request entries older than this are trimmed (`XADD … MINID ~`). Their deadline has passed by
 * then, so trimming by age keeps the stream small without dropping a request still worth running.
 */
export const REQUEST_RETENTION_MS = 60_000;

export function resolveKeyPrefix(keyPrefix?: string): string {
  return keyPrefix ?? process.env.REDIS_KEY_PREFIX ?? 'mesa:';
}

export function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Bus option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
