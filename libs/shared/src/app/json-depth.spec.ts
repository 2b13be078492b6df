import Fastify, { FastifyInstance } from 'fastify';
import { DomainException } from '../errors';
import { jsonDepthExceeds, limitJsonDepth, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays as levels, scalars as none', () => {
    expect(jsonDepthExceeds(1, 0)).toBe(false);
    expect(jsonDepthExceeds({}, 0)).toBe(true);
    expect(jsonDepthExceeds({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonDepthExceeds({ a: [{ b: 1 }] }, 2)).toBe(true);
    expect(jsonDepthExceeds({ ancho: [1, 2, { c: [] }], otro: {} }, 3)).toBe(true);
    expect(jsonDepthExceeds({ ancho: [1, 2, { c: [] }], otro: {} }, 4)).toBe(false);
  });

  it('walks 100,000 levels without recursion', () => {
    expect(jsonDepthExceeds(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not walk what is not JSON (a Buffer body)', () => {
    expect(jsonDepthExceeds(Buffer.alloc(1_000), 0)).toBe(false);
  });
});

describe('limitJsonDepth on a Fastify instance (its own JSON parser, as Nest registers one)', () => {
  let fastify: FastifyInstance;
  beforeAll(async () => {
    fastify = Fastify();
    limitJsonDepth(fastify);
    fastify.setErrorHandler((err, _req, reply) => {
      const code = err instanceof DomainException ? err.code : (err as { code?: string }).code;
      void reply.status((err as { statusCode?: number; status?: number }).statusCode ?? (err as DomainException).status ?? 500).send({ code });
    });
    fastify.post('/', async (req) => ({ got: req.body }));
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  const post = (payload: string) =>
    fastify.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json; charset=utf-8' }, payload });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1} with JSON_TOO_DEEP`, async () => {
    const ok = await post(nested(MAX_JSON_DEPTH));
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body).got).toEqual(JSON.parse(nested(MAX_JSON_DEPTH)));
    const deep = await post(nested(MAX_JSON_DEPTH + 1));
    expect(deep.statusCode).toBe(400);
    expect(JSON.parse(deep.body)).toEqual({ code: 'JSON_TOO_DEEP' });
  });

  it("keeps Fastify's refusals of invalid JSON, empty bodies and prototype keys", async () => {
    expect((await post('{"a":')).statusCode).toBe(400);
    expect((await post('')).statusCode).toBe(400);
    expect((await post('{"__proto__":{"x":1}}')).statusCode).toBe(400);
    expect((await post('{"constructor":{"prototype":{"x":1}}}')).statusCode).toBe(400);
  });
});
