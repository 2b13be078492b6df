import type { DeserializedData } from 'keyv';

/**
 * Values are stored as JSON. A Buffer (a receipt PDF) would come back from plain JSON as
 * `{ type: 'Buffer', data: [...] }`, four times its size and no longer a Buffer, so it travels in a
 * base64 envelope instead. Other non-JSON types follow JSON's rules (a Date comes back as its
 * ISO string), which is what an HTTP or bus reply would do to them anyway.
 */
const BUFFER_TAG = '$buffer';

export function serializeCacheValue<V>(data: DeserializedData<V>): string {
  return JSON.stringify(
    data,
    function (this: Record<string, unknown>, key: string, value: unknown) {
      // JSON calls Buffer#toJSON before the replacer sees the value, so look at the holder instead.
      const raw = this[key];
      return Buffer.isBuffer(raw)
        ? { [BUFFER_TAG]: raw.toString('base64') }
        : value;
    },
  );
}

export function deserializeCacheValue<V>(
  text: string,
): DeserializedData<V> | undefined {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const encoded = (value as Record<string, unknown>)[BUFFER_TAG];
      if (keys.length === 1 && typeof encoded === 'string')
        return Buffer.from(encoded, 'base64');
    }
    return value;
  }) as DeserializedData<V> | undefined;
}
