import { createServer } from 'node:net';
import { freePort } from './ports';

describe('freePort', () => {
  it('gives a loopback port that can then be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const address = server.address();
    await new Promise((resolve) => server.close(resolve));
    expect(typeof address === 'object' && address?.port).toBe(port);
  });
});
