import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, PutOptions, Storage, StorageLimitExceeded, StorageNotFound, StoredObject } from './storage';

/** Unfinished writes live here (on the same disk, so the final rename is atomic). */
const INCOMPLETE = '.incomplete';

/**
 * Files on a local (or mounted) disk. Writes go to a temporary file that is renamed into place,
 * so a reader never sees half an object and a failed upload leaves nothing behind; a process
 * killed mid-write leaves its temporary file in `.incomplete/`, which `sweepIncomplete` removes.
 */
export class LocalDiskStorage extends Storage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions = {}): Promise<StoredObject> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    await mkdir(join(this.root, INCOMPLETE), { recursive: true });
    const temp = join(this.root, INCOMPLETE, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes)
          return done(new StorageLimitExceeded(options.maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(
        Buffer.isBuffer(body) ? Readable.from([body]) : body,
        meter,
        createWriteStream(temp, { flags: 'wx' }),
      );
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const path = this.path(key);
    if ((await this.size(key)) === null) throw new StorageNotFound(key);
    return createReadStream(path);
  }

  async size(key: string): Promise<number | null> {
    try {
      const s = await stat(this.path(key));
      return s.isFile() ? s.size : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async sweepIncomplete(olderThanMs: number): Promise<number> {
    const dir = join(this.root, INCOMPLETE);
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    let removed = 0;
    for (const name of names) {
      const file = join(dir, name);
      const s = await stat(file).catch(() => null);
      if (s && Date.now() - s.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private path(key: string): string {
    assertValidKey(key);
    return join(this.root, key);
  }
}
