import { PeriodicJob } from './periodic-job';

/** A job whose rounds finish when the test says so. */
class Contador extends PeriodicJob {
  rondas = 0;
  pendientes: (() => void)[] = [];
  fallar = false;

  constructor() {
    super(60_000, 'counting job');
  }

  protected ronda(): Promise<void> {
    this.rondas++;
    if (this.fallar) return Promise.reject(new Error('boom'));
    return new Promise((resolve) => this.pendientes.push(resolve));
  }

  disparar(): Promise<unknown> {
    return this.tick();
  }
}

describe('PeriodicJob', () => {
  afterEach(() => jest.useRealTimers());

  it('runs on its interval and never starts a round while the previous one runs', async () => {
    jest.useFakeTimers();
    const job = new Contador();
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(60_000);
    expect(job.rondas).toBe(1);
    jest.advanceTimersByTime(120_000);
    expect(job.rondas).toBe(1);
    job.pendientes.shift()?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    jest.advanceTimersByTime(60_000);
    expect(job.rondas).toBe(2);
    job.pendientes.shift()?.();
    await job.onModuleDestroy();
    jest.advanceTimersByTime(600_000);
    expect(job.rondas).toBe(2);
  });

  it('shutdown waits for the round in progress', async () => {
    const job = new Contador();
    void job.disparar();
    let cerrado = false;
    const cierre = job.onModuleDestroy().then(() => (cerrado = true));
    await new Promise((r) => setImmediate(r));
    expect(cerrado).toBe(false);
    job.pendientes.shift()?.();
    await cierre;
    expect(cerrado).toBe(true);
  });

  it('a failed round is logged and the next one runs', async () => {
    const job = new Contador();
    const errores: string[] = [];
    jest.spyOn(job['log'], 'error').mockImplementation((m: string) => void errores.push(m));
    job.fallar = true;
    await job.disparar();
    expect(errores).toEqual(['counting job failed: boom']);
    job.fallar = false;
    void job.disparar();
    expect(job.rondas).toBe(2);
    job.pendientes.shift()?.();
    await job.onModuleDestroy();
  });
});
