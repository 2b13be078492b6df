import { CacheKeyBuilder, keyPart, stableStringify } from './cache-key.builder';

describe('cache keys', () => {
  it('serializes object keys with sorted keys at every depth', () => {
    const a = stableStringify({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } });
    const b = stableStringify({ a: { c: 'x', d: [2, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('keeps array order and treats undefined properties as absent', () => {
    expect(stableStringify({ ids: [1, 2] })).not.toBe(
      stableStringify({ ids: [2, 1] }),
    );
    expect(stableStringify({ a: 1, b: undefined })).toBe(
      stableStringify({ a: 1 }),
    );
  });

  it('hashes long keys into a short, stable, distinct part', () => {
    const filters = { area: 'mesa-de-partes', texto: 'x'.repeat(500), page: 1 };
    const part = keyPart(filters);
    expect(part.length).toBeLessThan(50);
    expect(
      keyPart({ page: 1, texto: 'x'.repeat(500), area: 'mesa-de-partes' }),
    ).toBe(part);
    expect(keyPart({ ...filters, page: 2 })).not.toBe(part);
    expect(keyPart('short-id')).toBe('short-id');
  });

  it('embeds prefix, namespace and version in every value key', () => {
    const keys = new CacheKeyBuilder('mesa:');
    expect(keys.versionKey('documento')).toBe('mesa:cache:ver:documento');
    expect(keys.valueKey('documento', '42', { id: 7 })).toBe(
      'mesa:cache:documento:42:{"id":7}',
    );
    expect(keys.valueKey('documento', '43', { id: 7 })).not.toBe(
      keys.valueKey('documento', '42', { id: 7 }),
    );
  });
});
