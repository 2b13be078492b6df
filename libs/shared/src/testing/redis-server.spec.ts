import Redis from 'ioredis';
import { createConnection } from 'node:net';
import { freePort } from './ports';
import { pingRedis, RedisServer, startRedisServer } from './redis-server';

function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
}

describe('startRedisServer', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('starts a server that a real client can use', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      await client.set('testing:answer', '42');
      expect(await client.get('testing:answer')).toBe('42');
    } finally {
      client.disconnect();
    }
  });

  it('refuses connections once killed, and answers again after restart', async () => {
    await redis.kill();
    expect(await connectError(redis.port)).toBe('ECONNREFUSED');
    await redis.restart();
    expect(await pingRedis(redis.port)).toBe(true);
  });

  it('restarts empty: nothing is persisted', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      await client.set('testing:gone', 'soon');
      await redis.restart();
      await client.ping();
      expect(await client.get('testing:gone')).toBeNull();
    } finally {
      client.disconnect();
    }
  });
});

describe('startRedisServer with appendOnly', () => {
  it('keeps what was written across a restart, as the bus Redis of compose and k8s does', async () => {
    const redis = await startRedisServer({ appendOnly: true });
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.xadd('testing:stream', '*', 'e', '1');
      await redis.restart();
      await client.ping();
      expect(await client.xlen('testing:stream')).toBe(1);
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });
});

describe('startRedisServer on a chosen port', () => {
  it('listens there, and fails with its output when the port is taken', async () => {
    const port = await freePort();
    const first = await startRedisServer({ port });
    try {
      expect(first.url).toBe(`redis://127.0.0.1:${port}`);
      expect(await pingRedis(port)).toBe(true);
      await expect(startRedisServer({ port })).rejects.toThrow(/did not start[\s\S]*address already in use/i);
    } finally {
      await first.stop();
    }
    expect(await connectError(port)).toBe('ECONNREFUSED');
  });
});
