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

/**
 * Sequential scans in the plans of slow queries: the table and the columns its filter reads
 * (names from the code's own SQL, never values), so index advice works without pg_stat_statements.
 */
export const dbSlowQuerySeqScans = counter(
  'db_slow_query_seq_scans_total',
  'Sequential scans in the plans of slow queries, by table and the columns filtered on',
  ['operation', 'table', 'columns'] as const,
);
