import { explainNodes, settleTables } from '@mesa/shared/database';
import type { PlansDatabase } from '../../../tools/seed/plans-database';
import { documentosPlansDatabase } from './plans-database';
import { DataSource } from 'typeorm';
import { documentosEntities } from '@mesa/db-entities';
import { EstadoDocumento, Prioridad } from '@mesa/shared/contracts';
import { DocumentosRepository, ListQuery } from '../src/documentos/documentos.repository';

/**
 * Plans on a realistic row count: 200,000 documents in a database of this test's own, and the
 * list query EXPLAINed for every filter combination the API accepts. A sequential scan of the
 * documents table (or a sort of it) means a missing or unusable index.
 */
describe('list plans on 200,000 documents', () => {
  let plansDb: PlansDatabase;
  let db: DataSource;
  let repo: DocumentosRepository;

  beforeAll(async () => {
    plansDb = await documentosPlansDatabase('plans');
    const url = new URL(plansDb.url);
    db = await new DataSource({ type: 'postgres', url: url.href, entities: documentosEntities }).initialize();
    await settleTables(db, ['documentos.documento']);
    repo = new DocumentosRepository(db);
  }, 600_000);

  afterAll(async () => {
    await db?.destroy();
    await plansDb?.drop();
  });

  const base: ListQuery = { limit: 20 };
  const cases: Array<[string, Partial<ListQuery>]> = [
    ['no filter', {}],
    ['estado', { estado: EstadoDocumento.EN_PROCESO }],
    ['prioridad', { prioridad: Prioridad.URGENTE }],
    ['tipo', { tipoDocumentoId: 2 }],
    ['office inbox, newest first', { areaActualId: 3 }],
    ['office inbox by estado', { areaActualId: 3, estado: EstadoDocumento.REGISTRADO }],
    ['office and prioridad', { areaActualId: 2, prioridad: Prioridad.ALTA }],
    ['estado and prioridad', { estado: EstadoDocumento.REGISTRADO, prioridad: Prioridad.NORMAL }],
    [
      'date range',
      { fechaDesde: new Date(Date.now() - 30 * 864e5).toISOString(), fechaHasta: new Date().toISOString() },
    ],
    [
      'estado and date range',
      { estado: EstadoDocumento.ATENDIDO, fechaDesde: new Date(Date.now() - 90 * 864e5).toISOString() },
    ],
    [
      'deep page by cursor',
      {
        areaActualId: 3,
        after: { fechaRecepcion: new Date(Date.now() - 200 * 864e5), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' },
      },
    ],
  ];

  it('seeded reception times have millisecond precision, so cursors (milliseconds) neither skip nor repeat rows', async () => {
    const [{ finer }] = await db.query(
      `SELECT count(*)::int AS finer FROM documentos.documento WHERE fecha_recepcion <> date_trunc('milliseconds', fecha_recepcion)`,
    );
    expect(finer).toBe(0);
  });

  it.each(cases)('%s uses an index, never a sequential scan of documento', async (_name, filters) => {
    const [sql, params] = repo.listarQuery({ ...base, ...filters }).getQueryAndParameters();
    const scans = (await explainNodes(db, sql, params)).filter((n) => n['Relation Name'] === 'documento');
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(scans.every((n) => /^idx_|^uq_/.test(n['Index Name'] ?? ''))).toBe(true);
  });
});
