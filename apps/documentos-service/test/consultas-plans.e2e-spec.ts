import { explainNodes, PlanNode, settleTables } from '@mesa/shared/database';
import type { PlansDatabase } from '../../../tools/seed/plans-database';
import { documentosPlansDatabase } from './plans-database';
import { DataSource } from 'typeorm';
import { documentosEntities } from '@mesa/db-entities';
import { clasificarBusqueda } from '../src/consultas/busqueda';
import { ConsultasRepository, Sentencia } from '../src/consultas/consultas.repository';

/**
 * Plans of search, statistics, the overdue tray and the case-number lookup on 200,000
 * documents in a database of this test's own. Every read of documento must go through an
 * index (the statistics range through the reception-date indexes); a sequential scan means a
 * missing or unusable index.
 */
describe('search, statistics and overdue plans on 200,000 documents', () => {
  let plansDb: PlansDatabase;
  let db: DataSource;
  let repo: ConsultasRepository;
  let numero: string;
  let remitente: string;
  const dia = 24 * 3600_000;

  beforeAll(async () => {
    plansDb = await documentosPlansDatabase('consultas_plans');
    const url = new URL(plansDb.url);
    db = await new DataSource({ type: 'postgres', url: url.href, entities: documentosEntities }).initialize();
    await settleTables(db, ['documentos.documento']);
    repo = new ConsultasRepository(db);
    [{ numero_expediente: numero, remitente }] = await db.query(
      'SELECT numero_expediente, remitente FROM documentos.documento ORDER BY numero_expediente DESC LIMIT 1',
    );
  }, 600_000);

  afterAll(async () => {
    await db?.destroy();
    await plansDb?.drop();
  });

  const plan = async ({ sql, params }: Sentencia): Promise<PlanNode[]> =>
    (await explainNodes(db, sql, params)).filter((n) => n['Relation Name'] === 'documento');
  const indexes = (scans: PlanNode[]) => scans.map((n) => n['Index Name']);
  /** Bitmap heap scans name no index; their bitmap index scans (children) do. */
  const indicesUsados = async (s: Sentencia) =>
    (await explainNodes(db, s.sql, s.params)).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
  const sinSeqScan = async (s: Sentencia) => {
    const scans = await plan(s);
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    return indicesUsados(s);
  };

  it.each([
    ['a subject word', 'resolucion'],
    ['two words, accents folded', 'informacion publica'],
  ])('full-text search (%s) uses the tsvector GIN index', async (_name, q) => {
    const usados = await sinSeqScan(repo.buscarSql({ busqueda: clasificarBusqueda(q), limit: 20 }));
    expect(usados).toContain('idx_documento_search_vector');
  });

  it('a sender name: full text OR part of the name, both through their GIN indexes', async () => {
    const parte = remitente.split(' ')[0];
    const s = repo.buscarSql({ busqueda: clasificarBusqueda(parte), limit: 20 });
    const usados = await sinSeqScan(s);
    expect(usados).toEqual(expect.arrayContaining(['idx_documento_search_vector', 'idx_documento_remitente_trgm']));
  });

  it('an office’s search keeps the GIN indexes', async () => {
    const usados = await sinSeqScan(
      repo.buscarSql({ busqueda: clasificarBusqueda('solicitud'), areaId: 3, limit: 20 }),
    );
    expect(usados.some((i) => i === 'idx_documento_search_vector' || i?.startsWith('idx_documento_area'))).toBe(true);
  });

  it.each([
    ['year and correlative', () => numero.slice(4)],
    ['correlative only', () => numero.slice(9)],
  ])('part of a case number (%s) uses the numero_expediente trigram index', async (_name, q) => {
    const usados = await sinSeqScan(repo.buscarSql({ busqueda: clasificarBusqueda(q()), limit: 20 }));
    expect(usados).toContain('idx_documento_numero_expediente_trgm');
  });

  it('the case-number lookup uses the unique index', async () => {
    const scans = await plan(repo.porExpedienteSql(numero));
    expect(indexes(scans)).toEqual(['uq_documento_numero_expediente']);
  });

  it.each([
    ['every office', undefined],
    ['one office', 3],
  ])('statistics over the last 30 days (%s) read documento only through indexes', async (_name, areaId) => {
    const hasta = new Date();
    const s = repo.estadisticasSql({
      desde: new Date(hasta.getTime() - 30 * dia),
      hasta,
      porVencerHasta: new Date(hasta.getTime() + 5 * dia),
      areaId,
    });
    const scans = await plan(s);
    // Two reads of documento: the reception range and the open deadlines.
    expect(scans).toHaveLength(2);
    expect(scans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    const usados = await indicesUsados(s);
    // An office's open deadlines may come from the partial index or from (area, estado, …).
    const permitidos = [
      'idx_documento_vencimiento',
      'idx_documento_area_vencimiento',
      'idx_documento_fecha',
      'idx_documento_area_fecha',
      'idx_documento_area_estado_fecha',
    ];
    expect(usados.every((i) => permitidos.includes(i))).toBe(true);
    if (areaId === undefined)
      expect(usados).toEqual(expect.arrayContaining(['idx_documento_vencimiento', 'idx_documento_fecha']));
  });

  it.each([
    ['every office', undefined, false],
    ['one office', 3, false],
    ['a later page', 3, true],
  ])('the overdue tray (%s) is an ordered scan of the index in its order, with no sort', async (_name, areaId, page) => {
    const hasta = new Date(Date.now() + 5 * dia);
    const despuesDe = page
      ? { fechaLimiteUs: String((Date.now() - 60 * dia) * 1000), id: '00000000-0000-4000-8000-000000000000' }
      : undefined;
    const s = repo.vencidosSql({ hasta, areaId, limit: 20, despuesDe });
    const usados = await sinSeqScan(s);
    expect(usados).toEqual([areaId === undefined ? 'idx_documento_vencimiento' : 'idx_documento_area_vencimiento']);
    const nodos = (await explainNodes(db, s.sql, s.params)).map((n) => n['Node Type']);
    expect(nodos).not.toContain('Sort');
    expect(nodos).not.toContain('Incremental Sort');
    expect(nodos).not.toContain('Bitmap Heap Scan');
  });
});
