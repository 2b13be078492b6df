import { counter, gauge, histogram } from '../metrics/registry';

/** Bus metrics. Label values are pattern, stream and schema names only, never ids. */
export const busMetrics = {
  requestDuration: histogram(
    'bus_request_duration_seconds',
    'Duration of bus requests, seen by the caller (client) or by the handling replica (server)',
    ['side', 'pattern', 'outcome'] as const,
  ),
  timeouts: counter('bus_timeouts_total', 'Bus requests that got no reply before their deadline', ['pattern'] as const),
  expired: counter(
    'bus_expired_requests_total',
    'Bus requests dropped by a replica because their deadline had passed before it could run them',
    ['pattern'] as const,
  ),
  redeliveries: counter(
    'bus_redeliveries_total',
    'Bus entries claimed from a replica that did not finish them in time',
    ['pattern'] as const,
  ),
  pending: gauge(
    'bus_pending_messages',
    "Entries of a stream not yet acknowledged by a service's consumer group (undelivered + in progress)",
    ['stream', 'group'] as const,
  ),
  outboxPending: gauge('outbox_pending_events', 'Committed outbox rows not yet relayed to the bus', ['schema'] as const),
  outboxLag: gauge('outbox_lag_seconds', 'Age of the oldest outbox row not yet relayed (0 when empty)', ['schema'] as const),
};
