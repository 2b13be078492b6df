import Fastify, { FastifyInstance } from 'fastify';
import { installLiveness, livenessBody, MAX_HEAP_BYTES, MAX_LOOP_DELAY_MS } from './liveness';

describe('liveness', () => {
  it('is up below both limits and down, naming the check, above either', () => {
    expect(JSON.parse(livenessBody(12, 1000).body)).toEqual({
      status: 'ok',
      info: { eventLoop: { status: 'up', p99Ms: 12 }, heap: { status: 'up' } },
      error: {},
      details: { eventLoop: { status: 'up', p99Ms: 12 }, heap: { status: 'up' } },
    });
    const atascado = livenessBody(MAX_LOOP_DELAY_MS, 1000);
    expect(atascado.ok).toBe(false);
    expect(JSON.parse(atascado.body)).toMatchObject({ status: 'error', error: { eventLoop: { status: 'down', p99Ms: MAX_LOOP_DELAY_MS } }, info: { heap: { status: 'up' } } });
    const lleno = livenessBody(1, MAX_HEAP_BYTES);
    expect(lleno.ok).toBe(false);
    expect(JSON.parse(lleno.body)).toMatchObject({ status: 'error', error: { heap: { status: 'down' } } });
  });

  describe('GET /health/live on Fastify', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = Fastify();
      installLiveness(app, 300);
      await app.ready();
    });
    afterAll(() => app.close());

    it('answers the last sample, and the next sample sees a loop that was blocked', async () => {
      const first = await app.inject({ method: 'GET', url: '/health/live' });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(first.json()).toMatchObject({ status: 'ok', details: { eventLoop: { status: 'up' } } });

      // A timer callback that holds the loop for 150 ms, once the delay monitor has ticked.
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          const until = Date.now() + 150;
          while (Date.now() < until);
          resolve();
        }, 100),
      );
      // The first sample taken after the block covers it; the answers in between are the old one.
      let after = first.json();
      for (let i = 0; i < 100 && after.details.eventLoop.p99Ms < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        after = (await app.inject({ method: 'GET', url: '/health/live' })).json();
      }
      expect(after.details.eventLoop.p99Ms).toBeGreaterThanOrEqual(100);
      expect(after.status).toBe('ok');
    });
  });
});
