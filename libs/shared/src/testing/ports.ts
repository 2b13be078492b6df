import { createServer } from 'node:net';

/** A loopback TCP port nothing listens on right now (the operating system picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('the socket has no TCP address'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
