import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainException } from '../errors';
import { PurgaDeClaves, unaVez } from './idempotencia';

/**
 * `unaVez` against the real PostgreSQL of the test run (documentos.idempotencia, migrated). The
 * "write" is a row in a scratch table, so the count of rows is the count of executions.
 */
describe('unaVez: the Idempotency-Key recorded in the write transaction', () => {
  let db: DataSource;
  const usuarioId = randomUUID();
  const tabla = `public.una_vez_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const hash = 'a'.repeat(64);

  const escrituras = async (key: string) => Number((await db.query(`SELECT count(*) FROM ${tabla} WHERE key = $1`, [key]))[0].count);

  /** One keyed execution: writes a row, answers `n`; `antesDeTerminar` runs inside the transaction. */
  const ejecutar = (key: string, n: number, opts: { hash?: string; antesDeTerminar?: () => Promise<void>; fallar?: boolean } = {}) =>
    db.transaction((m) =>
      unaVez(m, 'documentos', usuarioId, { key, requestHash: opts.hash ?? hash }, async () => {
        await m.query(`INSERT INTO ${tabla} (key) VALUES ($1)`, [key]);
        await opts.antesDeTerminar?.();
        if (opts.fallar) throw new Error('the write failed');
        return { n, at: new Date(0) };
      }),
    );

  beforeAll(async () => {
    // No entities: unaVez speaks SQL, and libs/shared must not import libs/db-entities (which imports it).
    db = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [] });
    await db.initialize();
    await db.query(`CREATE TABLE ${tabla} (key text NOT NULL)`);
  });

  afterAll(async () => {
    await db?.query(`DROP TABLE IF EXISTS ${tabla}`);
    await db?.destroy();
  });

  it('executes once and answers the stored reply, as JSON, to every later execution', async () => {
    const key = randomUUID();
    expect(await ejecutar(key, 1)).toEqual({ n: 1, at: new Date(0) });
    expect(await ejecutar(key, 2)).toEqual({ n: 1, at: new Date(0).toISOString() });
    expect(await escrituras(key)).toBe(1);
  });

  it('a concurrent execution waits for the open one and answers its reply', async () => {
    const key = randomUUID();
    let soltar!: () => void;
    const abierta = new Promise<void>((r) => (soltar = r));
    let dentro!: () => void;
    const yaDentro = new Promise<void>((r) => (dentro = r));
    const primera = ejecutar(key, 1, {
      antesDeTerminar: async () => {
        dentro();
        await abierta;
      },
    });
    await yaDentro;
    const segunda = ejecutar(key, 2);
    // The second blocks on the key's primary key while the first transaction is open.
    const pronto = await Promise.race([segunda.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
    expect(pronto).toBe('waiting');
    soltar();
    expect((await primera).n).toBe(1);
    expect((await segunda).n).toBe(1);
    expect(await escrituras(key)).toBe(1);
  });

  it('a first execution that rolled back leaves nothing: the next one executes', async () => {
    const key = randomUUID();
    await expect(ejecutar(key, 1, { fallar: true })).rejects.toThrow('the write failed');
    expect(await escrituras(key)).toBe(0);
    expect((await ejecutar(key, 2)).n).toBe(2);
    expect(await escrituras(key)).toBe(1);
  });

  it('refuses the same key for another request with 422 IDEMPOTENCY_KEY_REUSED, writing nothing', async () => {
    const key = randomUUID();
    await ejecutar(key, 1);
    const err = await ejecutar(key, 2, { hash: 'b'.repeat(64) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainException);
    expect((err as DomainException).status).toBe(422);
    expect((err as DomainException).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await escrituras(key)).toBe(1);
  });

  it('keys are per user', async () => {
    const key = randomUUID();
    await ejecutar(key, 1);
    const otro = await db.transaction((m) => unaVez(m, 'documentos', randomUUID(), { key, requestHash: hash }, async () => 'otro'));
    expect(otro).toBe('otro');
  });

  it('refuses to run outside a transaction, where the key could not commit with the write', async () => {
    await expect(unaVez(db.manager, 'documentos', usuarioId, { key: randomUUID(), requestHash: hash }, async () => 1)).rejects.toThrow(
      /open transaction/,
    );
  });

  it('a key past 24 h is a new request, and the purge deletes it', async () => {
    const key = randomUUID();
    await ejecutar(key, 1);
    await db.query(`UPDATE documentos.idempotencia SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    expect((await ejecutar(key, 2)).n).toBe(2);
    expect(await escrituras(key)).toBe(2);
    await db.query(`UPDATE documentos.idempotencia SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    expect(await new PurgaDeClaves(db, 'documentos').purgar()).toBeGreaterThanOrEqual(1);
    expect(await db.query('SELECT 1 FROM documentos.idempotencia WHERE key = $1', [key])).toHaveLength(0);
  });
});
