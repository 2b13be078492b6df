import type { ProblemPayload } from '../errors/domain.exception';

/**
 * Redis key layout of the bus. Every key starts with the configured prefix, so environments and
 * test runs sharing one Redis never see each other's traffic.
 */
export const busKeys = {
  /** One stream per service; its replicas read it through one consumer group. */
  requests: (prefix: string, service: string) => `${prefix}bus:req:${service}`,
  /** One stream per event name; one consumer group per subscribing service. */
  events: (prefix: string, pattern: string) => `${prefix}bus:evt:${pattern}`,
  /**
   * One stream per client instance, holding the replies to its requests; expires with it. The
   * instance id is `<service called>[:<caller>]:<random>`.
   */
  replies: (prefix: string, instanceId: string) => `${prefix}bus:rep:${instanceId}`,
  /** Pub/sub channel of BusBroadcast. */
  broadcast: (prefix: string, channel: string) => `${prefix}bus:bc:${channel}`,
};

/**
 * Every stream entry has exactly one field, `e`, holding the JSON envelope below: one
 * JSON.parse per message and no per-field bookkeeping.
 */
export const ENVELOPE_FIELD = 'e';

/** A request (`r` set) or an event, as written to a stream. */
export interface BusEnvelope {
  /** Requests: correlation id local to the calling instance. Events: the event's UUID. */
  i: string;
  /** Normalised pattern (`@MessagePattern` / `@EventPattern` route). */
  p: string;
  /** Payload. */
  d: unknown;
  /** Headers: `requestId`, and for requests `deadline` (epoch ms). */
  h: Record<string, string>;
  /** Requests only: the caller's reply stream. */
  r?: string;
}

/** A reply: either `d` (the handler's result) or `e` (an RFC 7807 problem). */
export interface ReplyEnvelope {
  i: string;
  d?: unknown;
  e?: ProblemPayload;
}
