import { parseExposition } from './exposition.parser';
import { histogramQuantile } from './histogram.quantile';
import { parseMonitoredApps } from './monitored-apps';

describe('parseExposition', () => {
  const text = [
    '# HELP http_server_request_duration_seconds Duration',
    '# TYPE http_server_request_duration_seconds histogram',
    'http_server_request_duration_seconds_bucket{le="0.1",method="GET",route="/api/v1/documentos/:id",status_code="200"} 7',
    'http_server_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/documentos/:id",status_code="200"} 9',
    'cache_requests_total{namespace="documentos:list",result="hit"} 3',
    'weird_label{msg="a \\"quoted\\", comma\\\\"} 1.5e3',
    'nodejs_eventloop_lag_seconds 0.012 1700000000000',
    '',
  ].join('\n');

  it('reads names, labels (escaped quotes and commas inside values) and values', () => {
    const samples = parseExposition(text);
    expect(samples).toEqual([
      {
        name: 'http_server_request_duration_seconds_bucket',
        labels: { le: '0.1', method: 'GET', route: '/api/v1/documentos/:id', status_code: '200' },
        value: 7,
      },
      {
        name: 'http_server_request_duration_seconds_bucket',
        labels: { le: '+Inf', method: 'GET', route: '/api/v1/documentos/:id', status_code: '200' },
        value: 9,
      },
      { name: 'cache_requests_total', labels: { namespace: 'documentos:list', result: 'hit' }, value: 3 },
      { name: 'weird_label', labels: { msg: 'a "quoted", comma\\' }, value: 1500 },
      { name: 'nodejs_eventloop_lag_seconds', labels: {}, value: 0.012 },
    ]);
  });

  it('keeps only the families asked for', () => {
    expect(parseExposition(text, (n) => n.startsWith('cache_')).map((s) => s.name)).toEqual(['cache_requests_total']);
  });
});

describe('histogramQuantile (as PromQL interpolates)', () => {
  const buckets = [
    { le: 0.05, count: 50 },
    { le: 0.1, count: 90 },
    { le: 0.5, count: 100 },
    { le: Infinity, count: 100 },
  ];

  it('interpolates inside the bucket where the rank falls', () => {
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.05, 10);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.075, 10);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.3, 10);
  });

  it('answers the highest finite bound in the +Inf bucket and null without observations', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 0.1, count: 1 },
        { le: Infinity, count: 10 },
      ]),
    ).toBe(0.1);
    expect(
      histogramQuantile(0.5, [
        { le: 0.1, count: 0 },
        { le: Infinity, count: 0 },
      ]),
    ).toBeNull();
  });
});

describe('parseMonitoredApps', () => {
  it('names replicas by process and groups them by app', () => {
    expect(parseMonitoredApps('gateway=http://127.0.0.1:3000/, documentos-service-2=http://127.0.0.1:3102')).toEqual([
      { name: 'gateway', job: 'gateway', url: 'http://127.0.0.1:3000' },
      { name: 'documentos-service-2', job: 'documentos-service', url: 'http://127.0.0.1:3102' },
    ]);
  });

  it('defaults to the six apps on their default ports and refuses a pair without a name', () => {
    expect(parseMonitoredApps(undefined).map((a) => a.url.slice(-4))).toEqual([
      '3000',
      '3001',
      '3002',
      '3003',
      '3004',
      '3005',
    ]);
    expect(() => parseMonitoredApps('http://x:1')).toThrow('MONITORED_APPS');
  });
});
