/**
 * The bus: a NestJS transporter on Redis Streams (requests to exactly one replica, events to
 * every subscribing service), pub/sub broadcast, and the transactional outbox. See README.md.
 */
export { RedisStreamsServer } from './redis-streams.server';
export { RedisStreamsClient } from './redis-streams.client';
export { RedisStreamsContext } from './redis-streams.context';
export { BusExceptionFilter } from './bus-exception.filter';
export { writeOutbox } from './outbox.repository';
export type { OutboxEvent } from './outbox.repository';
export { OutboxRelay } from './outbox.relay';
