import type { FastifyInstance } from 'fastify';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Liveness above these means the process itself is stuck; restart it. */
export const MAX_LOOP_DELAY_MS = 2000;
export const MAX_HEAP_BYTES = 1.5 * 1024 * 1024 * 1024;

interface Check {
  status: 'up' | 'down';
  [figure: string]: unknown;
}

/** The body of /health/live in @nestjs/terminus's shape, as /health/ready and /health/startup answer. */
export function livenessBody(p99Ms: number, heapUsedBytes: number): { ok: boolean; body: string } {
  const checks: Record<string, Check> = {
    eventLoop: { status: p99Ms < MAX_LOOP_DELAY_MS ? 'up' : 'down', p99Ms },
    heap: { status: heapUsedBytes < MAX_HEAP_BYTES ? 'up' : 'down' },
  };
  const ok = Object.values(checks).every((c) => c.status === 'up');
  const pick = (status: Check['status']) => Object.fromEntries(Object.entries(checks).filter(([, c]) => c.status === status));
  return { ok, body: JSON.stringify({ status: ok ? 'ok' : 'error', info: pick('up'), error: pick('down'), details: checks }) };
}

/**
 * GET /health/live, answered by Fastify itself, ahead of Nest's router, guards and interceptors:
 * nothing outside the process, and nothing measured per call. The kubelet asks every few
 * seconds, a load balancer or a load test thousands of times a second, so the answer (event-loop
 * delay p99 over the last `intervalMs`, heap used) is computed on a timer and served ready-made.
 * A loop stuck for good answers nothing at all, which the probe's timeout reads as dead.
 */
export function installLiveness(fastify: FastifyInstance, intervalMs = 1000): void {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  let current = livenessBody(0, process.memoryUsage().heapUsed);
  const sample = () => {
    current = livenessBody(Math.round(delay.percentile(99) / 1e6), process.memoryUsage().heapUsed);
    delay.reset();
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    delay.disable();
    done();
  });
  fastify.get('/health/live', (_req, reply) => {
    void reply.code(current.ok ? 200 : 503).header('content-type', 'application/json; charset=utf-8').send(current.body);
  });
}
