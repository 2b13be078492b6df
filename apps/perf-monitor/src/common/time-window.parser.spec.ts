import { DomainException } from '@mesa/shared/errors';
import { parseDuration, parseInstant } from './time-window.parser';

describe('perf-monitor query values', () => {
  it('instants: unix seconds or ISO 8601 from 1970 to 2100; not what V8 alone reads as a date', () => {
    expect(parseInstant(undefined, 7, 'to')).toBe(7);
    expect(parseInstant('1700000000', 0, 'to')).toBe(1_700_000_000);
    expect(parseInstant('2026-01-01T00:00:00Z', 0, 'to')).toBe(Date.UTC(2026, 0, 1) / 1000);
    expect(parseInstant('2026-01-01', 0, 'to')).toBe(Date.UTC(2026, 0, 1) / 1000);
    for (const bad of ['-1', '1 2', 'not-a-date', '99999999999999999999', '2026-13-45', ['1', '2']]) {
      expect(() => parseInstant(bad, 0, 'to')).toThrow(DomainException);
    }
  });

  it('durations: a repeated key (an array) is a 400 like any bad duration', () => {
    expect(parseDuration(undefined, '5m', 'window')).toBe(300);
    expect(parseDuration('1h', '5m', 'window')).toBe(3600);
    for (const bad of [['5m', '5m'], '8d', 'x', 5]) expect(() => parseDuration(bad, '5m', 'window')).toThrow(DomainException);
  });
});
