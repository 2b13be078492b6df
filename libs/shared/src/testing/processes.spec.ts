import { join } from 'node:path';
import { freePort } from './ports';
import { spawnApp, spawnNodeService, startProcess } from './processes';

const FIXTURE = join(__dirname, 'fixtures', 'health-server.fixture.js');

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

describe('spawnNodeService', () => {
  it('resolves once /health/ready answers, with the environment and port it was given', async () => {
    const service = await spawnNodeService('fixture', FIXTURE, { GREETING: 'hola' });
    try {
      expect(await text(`${service.url}/env/GREETING`)).toBe('hola');
      expect(await text(`${service.url}/env/PORT`)).toBe(String(service.port));
      expect(service.isRunning()).toBe(true);
    } finally {
      await service.stop();
    }
  });

  it('uses env.PORT when given', async () => {
    const port = await freePort();
    const service = await spawnNodeService('fixture', FIXTURE, { PORT: String(port) });
    try {
      expect(service.url).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await service.stop();
    }
  });

  it('stops with SIGTERM so the process can shut down cleanly', async () => {
    const service = await spawnNodeService('fixture', FIXTURE);
    const status = await service.stop();
    expect(status).toEqual({ code: 0, signal: null });
    expect(service.output()).toContain('fixture: stopping');
    expect(service.isRunning()).toBe(false);
  });

  it('kills with SIGKILL', async () => {
    const service = await spawnNodeService('fixture', FIXTURE);
    expect(await service.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    await expect(fetch(`${service.url}/health/live`)).rejects.toThrow();
  });

  it('rejects with the output of a process that exits before it is ready', async () => {
    await expect(spawnNodeService('fixture', FIXTURE, { FIXTURE_CRASH: 'no config' })).rejects.toThrow(
      /fixture exited \(exit 3\)[\s\S]*failing on purpose: no config/,
    );
  });

  it('waits for /health/live instead when asked, and times out on a readiness that never comes', async () => {
    const live = await spawnNodeService('fixture', FIXTURE, { FIXTURE_READY: '503' }, { waitFor: 'live' });
    try {
      expect((await fetch(`${live.url}/health/ready`)).status).toBe(503);
    } finally {
      await live.stop();
    }
    await expect(
      spawnNodeService('fixture', FIXTURE, { FIXTURE_READY: '503' }, { timeoutMs: 1500 }),
    ).rejects.toThrow(/did not answer \/health\/ready within 1500 ms[\s\S]*fixture: listening/);
  });
});

describe('startProcess', () => {
  it('reports a command that cannot be run', async () => {
    const missing = startProcess('no-such-command-here', []);
    expect(await missing.exited).toEqual({ code: null, signal: null });
    expect(missing.output()).toContain('ENOENT');
  });
});

describe('spawnApp', () => {
  it('says to build first when the app has no bundle', async () => {
    await expect(spawnApp('no-such-app')).rejects.toThrow(/dist\/apps\/no-such-app\/main\.js is missing: build it first/);
  });
});
