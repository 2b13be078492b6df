import { countersOf, deltaFigures, parseMetrics, perRequest, sumOf } from './prometheus-text';

const TEXT = `# HELP cache_requests_total Cache lookups
# TYPE cache_requests_total counter
cache_requests_total{namespace="documento",result="hit"} 90
cache_requests_total{namespace="documento",result="miss"} 8
cache_requests_total{namespace="documentos:list",result="hit"} 10
cache_requests_total{namespace="documentos:list",result="error"} 2
cache_requests_total{namespace="documento",result="bypass"} 1000
db_client_operation_duration_seconds_bucket{operation="documentos.by_id",outcome="ok",le="0.005"} 3
db_client_operation_duration_seconds_count{operation="documentos.by_id",outcome="ok"} 12
db_client_operation_duration_seconds_count{operation="documentos.list_by_area",outcome="error"} 3
process_resident_memory_bytes 123456789
http_server_request_duration_seconds_count{route="/api/v1/x",label="a \\"quoted\\" value"} 7
not a metric line
`;

describe('prometheus text', () => {
  const samples = parseMetrics(TEXT);

  it('reads names, labels (with escapes) and values, skipping comments and junk', () => {
    expect(sumOf(samples, 'process_resident_memory_bytes')).toBe(123456789);
    const quoted = samples.find((s) => s.name === 'http_server_request_duration_seconds_count');
    expect(quoted?.labels.label).toBe('a "quoted" value');
    expect(samples.some((s) => s.name === 'not')).toBe(false);
  });

  it('sums counters by label, ignoring histogram buckets and bypassed lookups', () => {
    expect(countersOf(samples)).toEqual({ cacheHits: 100, cacheMisses: 8, cacheErrors: 2, dbOperations: 15 });
  });

  it('turns two readings into a hit rate and queries per request', () => {
    const before = { cacheHits: 100, cacheMisses: 8, cacheErrors: 2, dbOperations: 15 };
    const after = { cacheHits: 190, cacheMisses: 18, cacheErrors: 2, dbOperations: 35 };
    expect(deltaFigures(before, after, 100)).toEqual({ cacheHitRate: 0.9, queriesPerRequest: 0.2 });
    expect(deltaFigures(before, before, 10)).toEqual({ cacheHitRate: null, queriesPerRequest: 0 });
  });

  it("takes the apps' own background queries out of queries per request", () => {
    // 3 batches in 4 s ran 900 operations while the apps do 50 a second on their own.
    expect(perRequest(900, 50, 4, 3)).toBe(233.33);
    const before = { cacheHits: 0, cacheMisses: 0, cacheErrors: 0, dbOperations: 0 };
    const after = { ...before, dbOperations: 120 };
    expect(deltaFigures(before, after, 100, { dbOpsPerSecond: 4, seconds: 5 }).queriesPerRequest).toBe(1);
    // Never below zero, and nothing to say without requests.
    expect(perRequest(10, 50, 4, 3)).toBe(0);
    expect(perRequest(10, 0, 1, 0)).toBeNull();
  });
});
