import { dueNow, intendedOffsetMs, msUntilNext, plannedRequests, runOpenModel, runSequential } from './open-model';

describe('open-model schedule', () => {
  const plan = { ratePerSecond: 1000, durationMs: 2000 };

  it('plans rate × duration requests, evenly spaced from 0', () => {
    expect(plannedRequests(plan)).toBe(2000);
    expect(plannedRequests({ ratePerSecond: 3, durationMs: 500 })).toBe(1);
    expect(intendedOffsetMs(plan, 0)).toBe(0);
    expect(intendedOffsetMs(plan, 250)).toBe(250);
    expect(intendedOffsetMs({ ratePerSecond: 4, durationMs: 1000 }, 3)).toBe(750);
  });

  it('makes every request whose time has come due, including a backlog after a late timer', () => {
    expect(dueNow(plan, 0, 0)).toBe(1);
    expect(dueNow(plan, 1, 0.5)).toBe(0);
    // The timer fired 40 ms late: the 40 requests it missed are due at once, not skipped.
    expect(dueNow(plan, 10, 49.5)).toBe(40);
    expect(dueNow(plan, 1990, 10_000)).toBe(10);
    expect(dueNow(plan, 2000, 10_000)).toBe(0);
  });

  it('waits until the next intended time, not a fixed interval', () => {
    expect(msUntilNext({ ratePerSecond: 100, durationMs: 1000 }, 5, 42)).toBe(8);
    expect(msUntilNext({ ratePerSecond: 100, durationMs: 1000 }, 5, 60)).toBe(0);
  });
});

describe('runOpenModel', () => {
  /**
   * A single server on a virtual clock taking `serviceMs` per request, one at a time. Each answer
   * arrives in a macrotask of its own that first moves the clock to its end, so the runner reads
   * that end as the completion time.
   */
  function fakeServer(serviceMs: number) {
    let clock = 0;
    let freeAt = 0;
    const now = () => clock;
    const send = () => {
      const end = Math.max(clock, freeAt) + serviceMs;
      freeAt = end;
      return new Promise<boolean>((resolve) =>
        setImmediate(() => {
          clock = Math.max(clock, end);
          resolve(true);
        }),
      );
    };
    return { now, send };
  }

  it('charges queueing to the requests that waited (no coordinated omission)', async () => {
    // 10 requests/s for 1 s against a server that takes 200 ms each: it falls behind, and the
    // last request, meant for t=900 ms, ends at 2000 ms, so the worst latency is 1100 ms.
    const server = fakeServer(200);
    const { figures } = await runOpenModel({ ratePerSecond: 10, durationMs: 1000, send: server.send, now: server.now });
    expect(figures.requests).toBe(10);
    expect(figures.errors).toBe(0);
    expect(figures.maxMs).toBeGreaterThanOrEqual(1090);
    expect(figures.maxMs).toBeLessThanOrEqual(1110);
    // A closed loop would report 200 ms for every request; the median here is far above it.
    expect(figures.p50Ms).toBeGreaterThan(400);
  });

  it('counts refused answers and thrown sends as errors, and sheds above maxInFlight', async () => {
    const { figures } = await runOpenModel({
      ratePerSecond: 1000,
      durationMs: 10,
      send: async (i) => {
        if (i === 3) throw new Error('socket hang up');
        return i % 2 === 0;
      },
    });
    expect(figures.requests).toBe(10);
    expect(figures.errors).toBe(5);
    expect(figures.errorRate).toBe(0.5);

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const outcome = runOpenModel({
      ratePerSecond: 2000,
      durationMs: 10,
      maxInFlight: 4,
      send: () => gate.then(() => true),
    });
    setTimeout(() => release(), 30);
    const { figures: shedFigures, shed } = await outcome;
    expect(shed).toBe(16);
    expect(shedFigures.errors).toBe(16);
  });
});

describe('runSequential', () => {
  it('times each request on its own', async () => {
    let clock = 0;
    const figures = await runSequential(
      4,
      async (i) => {
        clock += (i + 1) * 100;
        return i !== 2;
      },
      () => clock,
    );
    expect(figures.model).toBe('sequential');
    expect(figures.maxMs).toBeCloseTo(400, 0);
    expect(figures.p50Ms).toBeCloseTo(200, 0);
    expect(figures.errors).toBe(1);
    expect(figures.durationSeconds).toBe(1);
  });

  it('stops early when its time budget is spent, after at least one request', async () => {
    let clock = 0;
    const slow = async () => {
      clock += 400;
      return true;
    };
    expect((await runSequential(10, slow, () => clock, 1000)).requests).toBe(3);
    expect((await runSequential(10, slow, () => clock, 1)).requests).toBe(1);
  });
});
