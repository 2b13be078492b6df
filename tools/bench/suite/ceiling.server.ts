/**
 * The ceiling: a bare Fastify server (no NestJS, no bus, no auth) answering a constant (GET
 * /hello, what the gateway's liveness is held against), the detail read straight from Redis (GET
 * /redis/:id, a JSON string stored by the benchmark) and straight from PostgreSQL (GET /pg/:id,
 * the row by primary key). Run in a process of its own, like an app:
 *
 *   CEILING_PORT=3210 DATABASE_URL=... REDIS_URL=... CEILING_PREFIX=... node -r @swc-node/register tools/bench/suite/ceiling.server.ts
 */
import Fastify from 'fastify';
import Redis from 'ioredis';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const prefix = process.env.CEILING_PREFIX ?? 'bench:ceiling:';
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  // The apps' pool size, so both sides have the same number of connections.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const app = Fastify({ logger: false });

  app.get('/hello', async () => ({ hello: 'world' }));

  app.get<{ Params: { id: string } }>('/redis/:id', async (req, reply) => {
    const value = await redis.get(`${prefix}${req.params.id}`);
    if (value === null) return reply.code(404).send();
    return reply.header('content-type', 'application/json; charset=utf-8').send(value);
  });

  app.get<{ Params: { id: string } }>('/pg/:id', async (req, reply) => {
    const { rows } = await pool.query({
      name: 'ceiling_detail',
      text: 'SELECT * FROM documentos.documento WHERE id = $1',
      values: [req.params.id],
    });
    if (!rows.length) return reply.code(404).send();
    const row = rows[0];
    delete row.search_vector;
    return row;
  });

  await app.listen({ port: Number(process.env.CEILING_PORT ?? 3210), host: '127.0.0.1' });
  const close = async () => {
    await app.close();
    await pool.end();
    redis.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void close());
  process.on('SIGINT', () => void close());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
