import { CircuitBreaker } from './circuit.breaker';

describe('CircuitBreaker', () => {
  let now: number;
  let circuit: CircuitBreaker;
  beforeEach(() => {
    now = 0;
    circuit = new CircuitBreaker(3, 1000, () => now);
  });

  it('opens after the threshold of consecutive failures, not before', () => {
    circuit.recordFailure();
    circuit.recordFailure();
    expect(circuit.tryAcquire()).toBe(true);
    circuit.recordFailure();
    expect(circuit.current).toBe('open');
    expect(circuit.tryAcquire()).toBe(false);
  });

  it('forgets failures after a success', () => {
    circuit.recordFailure();
    circuit.recordFailure();
    circuit.recordSuccess();
    circuit.recordFailure();
    circuit.recordFailure();
    expect(circuit.current).toBe('closed');
  });

  it('half-opens by itself after the open period and lets exactly one probe through', () => {
    for (let i = 0; i < 3; i++) circuit.recordFailure();
    now = 999;
    expect(circuit.tryAcquire()).toBe(false);
    now = 1000;
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.current).toBe('half-open');
    expect(circuit.tryAcquire()).toBe(false);
  });

  it('closes when the probe succeeds and reopens for a full period when it fails', () => {
    for (let i = 0; i < 3; i++) circuit.recordFailure();
    now = 1000;
    circuit.tryAcquire();
    circuit.recordFailure();
    expect(circuit.current).toBe('open');
    now = 1999;
    expect(circuit.tryAcquire()).toBe(false);
    now = 2000;
    expect(circuit.tryAcquire()).toBe(true);
    circuit.recordSuccess();
    expect(circuit.current).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('does not extend the open period for late failures of commands sent before it opened', () => {
    for (let i = 0; i < 3; i++) circuit.recordFailure();
    now = 500;
    circuit.recordFailure();
    now = 1000;
    expect(circuit.tryAcquire()).toBe(true);
  });
});
