import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalDiskStorage } from './local-disk.storage';
import { StorageLimitExceeded, StorageNotFound } from './storage';

describe('LocalDiskStorage', () => {
  let dir: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-'));
    storage = new LocalDiskStorage(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores a stream, reporting its size and SHA-256, and reads it back', async () => {
    const body = 'contenido del anexo '.repeat(10_000);
    const stored = await storage.put('documentos/abc/1.pdf', Readable.from([body.slice(0, 7), body.slice(7)]));
    expect(stored).toEqual({
      key: 'documentos/abc/1.pdf',
      size: Buffer.byteLength(body),
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(await text(await storage.get('documentos/abc/1.pdf'))).toBe(body);
    expect(await storage.size('documentos/abc/1.pdf')).toBe(Buffer.byteLength(body));
  });

  it('refuses a body over the limit and leaves no file behind', async () => {
    await expect(storage.put('a/big.bin', Buffer.alloc(2048), { maxBytes: 1024 })).rejects.toBeInstanceOf(
      StorageLimitExceeded,
    );
    expect(await readdir(join(dir, 'a'))).toEqual([]);
    expect(await readdir(join(dir, '.incomplete'))).toEqual([]);
    await expect(storage.get('a/big.bin')).rejects.toBeInstanceOf(StorageNotFound);
  });

  it('sweeps writes left unfinished by a killed process, once they are old enough', async () => {
    await storage.put('x/listo.txt', Buffer.from('listo'));
    const viejo = join(dir, '.incomplete', 'viejo.part');
    const reciente = join(dir, '.incomplete', 'reciente.part');
    await writeFile(viejo, 'a medias');
    await writeFile(reciente, 'subiendo');
    const hace2h = new Date(Date.now() - 2 * 3600_000);
    await utimes(viejo, hace2h, hace2h);
    expect(await storage.sweepIncomplete(3600_000)).toBe(1);
    expect(await readdir(join(dir, '.incomplete'))).toEqual(['reciente.part']);
    expect(await storage.size('x/listo.txt')).toBe(5);
    expect(await new LocalDiskStorage(join(dir, 'vacio')).sweepIncomplete(0)).toBe(0);
  });

  it('deletes, and deleting twice is fine', async () => {
    await storage.put('x/y.txt', Buffer.from('y'));
    await storage.delete('x/y.txt');
    await storage.delete('x/y.txt');
    expect(await storage.size('x/y.txt')).toBeNull();
  });

  it.each(['../etc/passwd', '/abs', 'a/../../b', 'a//b', '', 'a/.hidden'])('refuses the key %j', async (key) => {
    await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow('invalid storage key');
  });
});
