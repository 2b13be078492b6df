import autocannon = require('autocannon');
import { Figures, LatencyRecorder, summarise } from './latency';

export interface ClosedLoopOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Path of the next request (rotates over ids). */
  nextPath: () => string;
}

/**
 * Closed loop for maximum throughput: `connections` clients, each sending its next request as
 * soon as the previous answer arrives (autocannon). Latencies come from autocannon's per-response
 * event into the same HDR recorder as the open model, so the percentiles are computed alike.
 */
export async function runClosedLoop(o: ClosedLoopOptions): Promise<Figures> {
  const recorder = new LatencyRecorder();
  let requests = 0;
  let errors = 0;
  const start = performance.now();
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationSeconds,
    headers: o.headers,
    timeout: 10,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: o.nextPath() }) }],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    requests++;
    recorder.record(responseTime);
    if (statusCode >= 400) errors++;
  });
  const result = await instance;
  // Connection errors and timeouts never produce a 'response' event.
  const failed = result.errors + result.timeouts;
  return summarise(recorder, {
    model: 'closed',
    connections: o.connections,
    requests: requests + failed,
    errors: errors + failed,
    elapsedMs: performance.now() - start,
  });
}
