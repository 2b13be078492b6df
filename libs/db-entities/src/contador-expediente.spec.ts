import { Pool } from 'pg';

/**
 * The case-number pattern: the counter row is locked by the upsert until commit, so concurrent
 * registrations queue and each gets the next number; a rollback gives its number back.
 */
describe('contador_expediente', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 50 });
  // A year no other test uses, so the shared database's real counters are untouched.
  const anio = 5000 + Math.floor(Math.random() * 4000);
  const nextNumber = `INSERT INTO documentos.contador_expediente AS c (anio, ultimo) VALUES ($1, 1)
    ON CONFLICT (anio) DO UPDATE SET ultimo = c.ultimo + 1 RETURNING ultimo`;

  afterAll(async () => {
    await pool.query('DELETE FROM documentos.contador_expediente WHERE anio = $1', [anio]);
    await pool.end();
  });

  async function register(commit: boolean): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(nextNumber, [anio]);
      // Hold the lock a moment, as a registration inserting its document would.
      await client.query('SELECT pg_sleep(0.005)');
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return rows[0].ultimo as number;
    } finally {
      client.release();
    }
  }

  it('gives 50 concurrent transactions the numbers 1..50, each once', async () => {
    const numbers = await Promise.all(Array.from({ length: 50 }, () => register(true)));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('leaves no gap when a registration rolls back', async () => {
    const lost = await register(false);
    const next = await register(true);
    expect(lost).toBe(51);
    expect(next).toBe(51);
  });
});
