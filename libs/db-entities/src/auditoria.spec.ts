import { Client } from 'pg';

/** Everything happens inside one transaction that is rolled back: the shared database keeps no trace. */
describe('documentos.auditoria', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
  });

  afterAll(async () => {
    await client.query('ROLLBACK');
    await client.end();
  });

  async function refused(sql: string, params: unknown[]): Promise<{ code: string; message: string }> {
    await client.query('SAVEPOINT attempt');
    try {
      await client.query(sql, params);
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT attempt');
      return error as { code: string; message: string };
    }
    throw new Error(`not refused: ${sql}`);
  }

  it('accepts inserts and refuses UPDATE and DELETE, keeping the row as written', async () => {
    const { rows } = await client.query(
      `INSERT INTO documentos.auditoria (accion, ip, antes, despues)
       VALUES ('DOCUMENTO_LEIDO', '10.0.0.7', NULL, '{"estado":"REGISTRADO"}') RETURNING id`,
    );
    const id = rows[0].id as string;

    const update = await refused(`UPDATE documentos.auditoria SET accion = 'BORRADO' WHERE id = $1`, [id]);
    expect(update.code).toBe('42501');
    expect(update.message).toMatch(/append-only: UPDATE/);

    const del = await refused(`DELETE FROM documentos.auditoria WHERE id = $1`, [id]);
    expect(del.code).toBe('42501');
    expect(del.message).toMatch(/append-only: DELETE/);

    const after = await client.query(`SELECT accion, host(ip) AS ip FROM documentos.auditoria WHERE id = $1`, [id]);
    expect(after.rows).toEqual([{ accion: 'DOCUMENTO_LEIDO', ip: '10.0.0.7' }]);
  });
});
