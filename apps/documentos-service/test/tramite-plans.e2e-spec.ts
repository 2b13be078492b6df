import { explainNodes, settleTables } from '@mesa/shared/database';
import type { PlansDatabase } from '../../../tools/seed/plans-database';
import { documentosPlansDatabase } from './plans-database';
import { Client } from 'pg';
import { CERRAR_VENCIDOS } from '../src/tramite/tramite.repository';
import { historialQuery } from '../src/tramite/tramite.repository';

/**
 * Plans of this part's queries on a realistic row count, in a database of this test's own:
 * 200,000 documents, a million audit rows (changes and reads), a few thousand observations.
 * A document's history and the NO_PRESENTADO job must reach their rows through an index.
 */
describe('history and no-presentado plans on 200,000 documents', () => {
  let plansDb: PlansDatabase;
  let db: Client;
  let documentoId: string;

  beforeAll(async () => {
    plansDb = await documentosPlansDatabase('tramite_plans');
    const url = new URL(plansDb.url);
    db = new Client({ connectionString: url.href });
    await db.connect();
    // Five audit rows a document: its registration, an edit, and three reads (no before/after).
    await db.query(`
      INSERT INTO documentos.auditoria (documento_id, accion, antes, despues, created_at)
      SELECT d.id, a.accion, a.antes, a.despues, d.fecha_recepcion + a.n * interval '1 hour'
        FROM documentos.documento d
        CROSS JOIN (VALUES (0, 'REGISTRO', NULL::jsonb, '{"estado": "REGISTRADO"}'::jsonb),
                           (1, 'EDICION', '{"asunto": "a"}'::jsonb, '{"asunto": "b"}'::jsonb),
                           (2, 'LECTURA', NULL, NULL), (3, 'LECTURA', NULL, NULL), (4, 'LECTURA', NULL, NULL)) AS a(n, accion, antes, despues)`);
    // 1 % under observation, their terms spread around today.
    await db.query(`
      UPDATE documentos.documento
         SET estado = 'OBSERVADO', estado_previo = 'REGISTRADO', plazo_pausado_desde = now() - interval '1 day',
             fecha_limite_subsanacion = now() + (random() * 10 - 5) * interval '1 day'
       WHERE id IN (SELECT id FROM documentos.documento TABLESAMPLE SYSTEM (1))`);
    await settleTables(db, ['documentos.documento', 'documentos.auditoria']);
    documentoId = (await db.query('SELECT id FROM documentos.documento ORDER BY random() LIMIT 1')).rows[0].id;
  }, 600_000);

  afterAll(async () => {
    await db?.end();
    await plansDb?.drop();
  });

  const scansOf = async (sql: string, params: unknown[], relation: string) => {
    const nodes = await explainNodes(db, sql, params);
    return {
      scans: nodes.filter((n) => n['Relation Name'] === relation).map((n) => n['Node Type']),
      // Bitmap index scans name their index but not their table.
      indexes: nodes.map((n) => n['Index Name']).filter(Boolean),
    };
  };

  it.each([
    ['first page', undefined],
    ['a later page', { createdAt: '2026-01-01 00:00:00+00', id: '1000' }],
  ])('a document’s history, %s, reads idx_auditoria_documento_fecha', async (_name, after) => {
    const [sql, params] = historialQuery(documentoId, 20, after);
    const { scans, indexes } = await scansOf(sql, params, 'auditoria');
    expect(scans).not.toContain('Seq Scan');
    expect(indexes).toEqual(['idx_auditoria_documento_fecha']);
  });

  it('the NO_PRESENTADO job finds expired observations through idx_documento_subsanacion', async () => {
    const { scans, indexes } = await scansOf(CERRAR_VENCIDOS, [new Date(), 500, 'NO_PRESENTADO'], 'documento');
    expect(scans).not.toContain('Seq Scan');
    expect(indexes).toContain('idx_documento_subsanacion');
  });
});
