import { createHash } from 'node:crypto';

export type CacheKey = string | Record<string, unknown>;

/** Longer key parts are hashed so that keys stay short whatever filters a list query carries. */
const MAX_KEY_PART_LENGTH = 120;

/**
 * Key layout (README): `<prefix>cache:ver:<namespace>` holds the namespace's version and
 * `<prefix>cache:<namespace>:<version>:<key part>` a value. Invalidating bumps the version, so
 * every key of the old version becomes unreachable at once and expires by its TTL.
 */
export class CacheKeyBuilder {
  constructor(private readonly prefix: string) {}

  versionKey(namespace: string): string {
    return `${this.prefix}cache:ver:${namespace}`;
  }

  valueKey(namespace: string, version: string, key: CacheKey): string {
    return this.valueKeyFromPart(namespace, version, keyPart(key));
  }

  valueKeyFromPart(namespace: string, version: string, part: string): string {
    return `${this.prefix}cache:${namespace}:${version}:${part}`;
  }
}

export function keyPart(key: CacheKey): string {
  const text = typeof key === 'string' ? key : stableStringify(key);
  if (text.length <= MAX_KEY_PART_LENGTH) return text;
  return `#${createHash('sha256').update(text).digest('base64url')}`;
}

/** JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` name the same entry. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const source = v as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(source).sort()) sorted[k] = source[k];
    return sorted;
  });
}
