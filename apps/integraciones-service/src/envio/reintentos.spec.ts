import { MAX_RETRASO_MS, retrasoConRetryAfter, retrasoReintento } from './reintentos';

describe('retry delays', () => {
  it('double from the base, with jitter within ±25 %', () => {
    expect(retrasoReintento(1, 1000, () => 0.5)).toBe(1000);
    expect(retrasoReintento(2, 1000, () => 0.5)).toBe(2000);
    expect(retrasoReintento(3, 1000, () => 0.5)).toBe(4000);
    expect(retrasoReintento(3, 1000, () => 0)).toBe(3000);
    expect(retrasoReintento(3, 1000, () => 1)).toBe(5000);
  });

  it('grow strictly from one attempt to the next whatever the jitter', () => {
    for (let n = 1; n < 10; n++) {
      expect(retrasoReintento(n + 1, 500, () => 0)).toBeGreaterThan(retrasoReintento(n, 500, () => 1));
    }
  });

  it('are capped', () => {
    expect(retrasoReintento(40, 1000, () => 0.5)).toBe(MAX_RETRASO_MS);
  });

  it('honour a longer Retry-After, never a shorter one', () => {
    expect(retrasoConRetryAfter(1000, 5000)).toBe(5000);
    expect(retrasoConRetryAfter(8000, 5000)).toBe(8000);
    expect(retrasoConRetryAfter(8000, null)).toBe(8000);
    expect(retrasoConRetryAfter(1000, 10 * MAX_RETRASO_MS)).toBe(MAX_RETRASO_MS);
  });
});
