import { counter, gauge, histogram } from './registry';

export const httpRequestDuration = histogram(
  'http_server_request_duration_seconds',
  'Duration of HTTP server requests',
  ['method', 'route', 'status_code'] as const,
);

export const httpActiveRequests = gauge('http_server_active_requests', 'HTTP requests being served', ['method'] as const);

export const dbOperationDuration = histogram(
  'db_client_operation_duration_seconds',
  'Duration of database operations by operation name',
  ['operation', 'outcome'] as const,
);

export const dbSlowQueries = counter('db_slow_queries_total', 'Queries slower than DB_SLOW_QUERY_MS', ['operation'] as const);
