import { DomainException } from '@mesa/shared/errors';
import { versionDeIfMatch } from './tramite.controller';

describe('versionDeIfMatch', () => {
  it.each([
    ['"7"', 7],
    ['W/"7"', 7],
    ['12', 12],
    [' "3" ', 3],
  ])('reads %s as version %d', (header, version) => {
    expect(versionDeIfMatch(header)).toBe(version);
  });

  it('no header or * means no precondition', () => {
    expect(versionDeIfMatch(undefined)).toBeUndefined();
    expect(versionDeIfMatch('')).toBeUndefined();
    expect(versionDeIfMatch('*')).toBeUndefined();
  });

  it.each(['"abc"', '"1", "2"', '-1', '"1.5"'])('refuses %s with a 400 problem', (header) => {
    let error: unknown;
    try {
      versionDeIfMatch(header);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).status).toBe(400);
  });
});
