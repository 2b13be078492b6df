import { canonicalJson, requestHash } from './request-hash';

describe('requestHash', () => {
  it('ignores the order of object keys, at any depth', () => {
    const a = { documentos: [{ asunto: 'x', remitente: 'y' }], z: 1 };
    const b = { z: 1, documentos: [{ remitente: 'y', asunto: 'x' }] };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash('POST', '/api/v1/documentos', a)).toBe(requestHash('POST', '/api/v1/documentos', b));
  });

  it('differs when a value, the array order, the route or the method differs', () => {
    const h = requestHash('POST', '/r', { a: [1, 2] });
    expect(requestHash('POST', '/r', { a: [2, 1] })).not.toBe(h);
    expect(requestHash('POST', '/r', { a: [1, 3] })).not.toBe(h);
    expect(requestHash('POST', '/s', { a: [1, 2] })).not.toBe(h);
    expect(requestHash('PUT', '/r', { a: [1, 2] })).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});
