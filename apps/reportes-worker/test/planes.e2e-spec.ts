import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { explainNodes, settleTables } from '@mesa/shared/database';

/**
 * The reporte table's hot queries read through their indexes on a realistic table: 60,000
 * tasks of 600 users, most of them already expired and cleaned. Statements as the repository
 * runs them (see reportes.repository.ts).
 */
describe('reportes.reporte query plans', () => {
  let pg: Client;
  const usuario = randomUUID();

  const plan = (sql: string, params: unknown[]) => explainNodes(pg, sql, params);

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    await pg.query(
      `INSERT INTO reportes.reporte (id, tipo, formato, filtros, usuario_id, estado, storage_key, created_at, finished_at, expires_at)
       SELECT 'plan-' || $1::text || '-' || g, 'documentos', 'xlsx', '{}', u.ids[1 + g % 600], 'completed',
              CASE WHEN g % 100 = 0 THEN 'reportes/plan-' || g || '.xlsx' END,
              now() - g * interval '1 minute', now() - g * interval '1 minute', now() + interval '1 day' - g * interval '1 minute'
         FROM generate_series(1, 60000) g, (SELECT array_agg(gen_random_uuid()) AS ids FROM generate_series(1, 599)) u0,
              LATERAL (SELECT u0.ids || $2::uuid AS ids) u`,
      [randomUUID().slice(0, 8), usuario],
    );
    await settleTables(pg, ['reportes.reporte']);
  });

  afterAll(async () => {
    await pg.query(`DELETE FROM reportes.reporte WHERE id LIKE 'plan-%'`);
    await pg.end();
  });

  it("lists a user's tasks, first and later pages, through idx_reporte_usuario_fecha", async () => {
    const sql = `SELECT id FROM reportes.reporte WHERE usuario_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`;
    const p1 = await plan(sql, [usuario, 21]);
    expect(p1.some((n) => n['Index Name'] === 'idx_reporte_usuario_fecha')).toBe(true);
    expect(p1.some((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Sort')).toBe(false);
    const p2 = await plan(
      `SELECT id FROM reportes.reporte WHERE usuario_id = $1 AND (created_at, id) < ($3, $4) ORDER BY created_at DESC, id DESC LIMIT $2`,
      [usuario, 21, new Date(), 'zzz'],
    );
    expect(p2.some((n) => n['Index Name'] === 'idx_reporte_usuario_fecha')).toBe(true);
    expect(p2.some((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Sort')).toBe(false);
  });

  it('finds expired files to delete through idx_reporte_expires_at', async () => {
    const p = await plan(
      `SELECT id FROM reportes.reporte WHERE expires_at < now() AND storage_key IS NOT NULL ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [200],
    );
    expect(p.some((n) => n['Index Name'] === 'idx_reporte_expires_at')).toBe(true);
    expect(p.some((n) => n['Node Type'] === 'Seq Scan')).toBe(false);
  });
});
