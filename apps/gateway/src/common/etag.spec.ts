import { etagDe, noCambio } from './etag';

describe('etag', () => {
  const tag = etagDe('{"estado":"REGISTRADO"}');

  it('is a quoted tag that changes with the body', () => {
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagDe('{"estado":"REGISTRADO"}')).toBe(tag);
    expect(etagDe('{"estado":"EN_PROCESO"}')).not.toBe(tag);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['"otro"', false],
    [tag, true],
    [`W/${tag}`, true],
    [`"otro", ${tag}`, true],
    ['*', true],
    [['"otro"', tag], true],
  ])('If-None-Match %p → not modified: %p', (header, esperado) => {
    expect(noCambio(header as string | string[] | undefined, tag)).toBe(esperado);
  });
});
