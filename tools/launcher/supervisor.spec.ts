import { startProcess, waitUntil, type ManagedProcess } from '@mesa/shared/testing';
import { join } from 'node:path';
import { isAlive } from './children.pids';

/** fixtures/supervise.mjs: the launcher's supervisor over stand-in apps (fixtures/app.mjs). */
function supervise(apps: Array<{ name: string; env?: Record<string, string> }>, policy: Record<string, number>) {
  return startProcess(process.execPath, [join(__dirname, 'fixtures', 'supervise.mjs'), JSON.stringify(apps), JSON.stringify(policy)]);
}

const restarts = (p: ManagedProcess, name: string) =>
  [...p.output().matchAll(new RegExp(`^${name} exited \\((.+)\\); restart (\\d+) in ([\\d.]+) s$`, 'gm'))].map((m) => ({
    exit: m[1],
    restart: Number(m[2]),
    delaySeconds: Number(m[3]),
  }));

const pids = (p: ManagedProcess, name: string) =>
  [...p.output().matchAll(new RegExp(`^\\[${name}\\] pid (\\d+)$`, 'gm'))].map((m) => Number(m[1]));

// Small delays, so that a few restarts take seconds; the launcher's own are 0.5 s to 30 s.
const FAST = { firstDelayMs: 100, maxDelayMs: 400, readyPollMs: 50 };

describe('the launcher supervises the apps', () => {
  const started: ManagedProcess[] = [];
  const start = (...args: Parameters<typeof supervise>) => {
    const p = supervise(...args);
    started.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });

  it('restarts an app that crashes once ready, each time after twice the delay, up to the cap', async () => {
    const p = start([{ name: 'crashy', env: { CRASH_AFTER_MS: '1000' } }], { ...FAST, healthyMs: 60_000 });
    expect(await waitUntil(async () => restarts(p, 'crashy').length >= 4, { timeoutMs: 30_000, gaveUp: () => !p.isRunning() })).toBe(true);
    expect(restarts(p, 'crashy').slice(0, 4)).toEqual([
      { exit: 'code 3', restart: 1, delaySeconds: 0.1 },
      { exit: 'code 3', restart: 2, delaySeconds: 0.2 },
      { exit: 'code 3', restart: 3, delaySeconds: 0.4 },
      { exit: 'code 3', restart: 4, delaySeconds: 0.4 },
    ]);
    // Each restart is a new process.
    expect(new Set(pids(p, 'crashy')).size).toBeGreaterThanOrEqual(4);
    expect(p.isRunning()).toBe(true);
  });

  it('waits the first delay again after a run that was healthy long enough', async () => {
    const p = start([{ name: 'steady', env: { CRASH_AFTER_MS: '1200' } }], { ...FAST, healthyMs: 300 });
    expect(await waitUntil(async () => restarts(p, 'steady').length >= 3, { timeoutMs: 30_000, gaveUp: () => !p.isRunning() })).toBe(true);
    expect(restarts(p, 'steady').slice(0, 3).map((r) => r.delaySeconds)).toEqual([0.1, 0.1, 0.1]);
  });

  it('gives up, and exits non-zero, on an app that keeps failing at boot', async () => {
    const p = start([{ name: 'broken', env: { CRASH: 'boot' } }, { name: 'fine' }], { ...FAST, bootFailures: 3 });
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(restarts(p, 'broken').map((r) => r.delaySeconds)).toEqual([0.1, 0.2]);
    expect(p.output()).toContain('broken exited (code 2), 3 times in a row before it was ready. Stopping everything.');
    expect(pids(p, 'broken')).toHaveLength(3);
    // The other app went down with the launcher.
    expect(pids(p, 'fine').filter(isAlive)).toEqual([]);
  });

  it('stops every app on SIGINT, without restarting any', async () => {
    const p = start([{ name: 'one' }, { name: 'two' }], FAST);
    expect(
      await waitUntil(async () => pids(p, 'one').length + pids(p, 'two').length === 2, { timeoutMs: 15_000, gaveUp: () => !p.isRunning() }),
    ).toBe(true);
    const children = [...pids(p, 'one'), ...pids(p, 'two')];
    expect(children.filter(isAlive)).toEqual(children);
    p.child.kill('SIGINT');
    expect(await p.exited).toEqual({ code: 130, signal: null });
    expect(children.filter(isAlive)).toEqual([]);
    expect(restarts(p, 'one')).toEqual([]);
    expect(restarts(p, 'two')).toEqual([]);
  });
});
