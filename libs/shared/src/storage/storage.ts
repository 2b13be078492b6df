import { Readable } from 'node:stream';

/** What was stored: the key it is found by, its size and its SHA-256 (hex), taken while writing. */
export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
}

export interface PutOptions {
  /** Refuse (and leave nothing behind) when the body is larger than this. */
  maxBytes?: number;
}

/** The body was larger than `maxBytes`; nothing was stored. */
export class StorageLimitExceeded extends Error {
  constructor(readonly maxBytes: number) {
    super(`object larger than ${maxBytes} bytes`);
  }
}

/** No object under that key. */
export class StorageNotFound extends Error {
  constructor(readonly key: string) {
    super('object not found');
  }
}

/**
 * Where files (attachments, reports) live. Keys are relative paths of `[A-Za-z0-9._-]` segments.
 * The default driver is the local disk (`STORAGE_DIR`); an object store can take its place
 * without its callers changing.
 */
export abstract class Storage {
  abstract put(key: string, body: Readable | Buffer, options?: PutOptions): Promise<StoredObject>;
  /** A stream of the object; rejects with StorageNotFound. */
  abstract get(key: string): Promise<Readable>;
  abstract size(key: string): Promise<number | null>;
  /** Deleting a missing key is not an error (callers retry). */
  abstract delete(key: string): Promise<void>;
  /**
   * Removes what writers left unfinished (a process killed mid-upload) longer ago than
   * `olderThanMs`; answers how many. Run now and then by a cleanup job.
   */
  abstract sweepIncomplete(olderThanMs: number): Promise<number>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Keys come from our code, never from a file name a user sent; still, refuse anything path-like. */
export function assertValidKey(key: string): void {
  const segments = key.split('/');
  if (!key || key.length > 400 || !segments.every((s) => SEGMENT.test(s) && s !== '..' && s !== '.')) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}
