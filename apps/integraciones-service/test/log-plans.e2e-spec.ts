import { DataSource } from 'typeorm';
import { integracionesEntities, migrateDatabase } from '@mesa/db-entities';
import { scratchDatabase, ScratchDatabase } from '../../../libs/db-entities/src/testing/scratch-database';
import { LogQuery, LogRepository } from '../src/registro/log.repository';
import { explainNodes, planNodes, settleTables } from '@mesa/shared/database';

/**
 * Plans of the log's queries on a realistic row count (300,000 attempts of 20 integrations over
 * 90 days, in a database of this test's own): the list with every filter, the DLQ, the inbound
 * state lookup and both statistics read log_sincronizacion through its indexes, never by a
 * sequential scan.
 */
describe('log_sincronizacion plans on 300,000 rows', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;
  let repo: LogRepository;
  let integracionId: string;

  beforeAll(async () => {
    scratch = scratchDatabase('integraciones_plans');
    await migrateDatabase(scratch.url);
    db = await new DataSource({ type: 'postgres', url: scratch.url, entities: integracionesEntities }).initialize();
    await db.query(`
      INSERT INTO integraciones.integracion (codigo, nombre, tipo)
      SELECT 'SIS-' || n, 'Sistema ' || n, 'WEBHOOK' FROM generate_series(1, 20) n`);
    await db.query(`
      INSERT INTO integraciones.log_sincronizacion (integracion_id, documento_id, operacion, estado, codigo_respuesta,
        tiempo_respuesta_ms, id_externo, en_dlq, created_at)
      SELECT i.ids[1 + n % 20], gen_random_uuid(),
        CASE WHEN n % 11 = 0 THEN 'RECEPCION' ELSE 'ENVIO' END::integraciones.operacion_sync,
        CASE WHEN n % 53 = 0 THEN 'ERROR' WHEN n % 17 = 0 THEN 'REINTENTANDO' ELSE 'EXITOSO' END::integraciones.estado_sync,
        CASE WHEN n % 17 = 0 OR n % 53 = 0 THEN 503 ELSE 200 END, 20 + (random() * 400)::int,
        CASE WHEN n % 11 = 0 THEN 'EXT-' || n END, n % 53 = 0,
        date_trunc('milliseconds', now() - random() * interval '90 days')
      FROM generate_series(1, 300000) n, (SELECT array_agg(id ORDER BY codigo) AS ids FROM integraciones.integracion) i`);
    await settleTables(db, ['integraciones.log_sincronizacion', 'integraciones.integracion']);
    [{ id: integracionId }] = await db.query(`SELECT id FROM integraciones.integracion WHERE codigo = 'SIS-7'`);
    repo = new LogRepository(db);
  }, 300_000);

  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  /** Scans of log_sincronizacion, with the index each one (or its bitmap child) reads. */
  const escaneos = async (sql: string, params: unknown[]) => {
    return (await explainNodes(db, sql, params))
      .filter((n) => n['Relation Name'] === 'log_sincronizacion')
      .map((n) => ({
        ...n,
        'Index Name':
          n['Index Name'] ?? planNodes(n).find((h) => h['Node Type'] === 'Bitmap Index Scan')?.['Index Name'],
      }));
  };

  const hace = (dias: number) => new Date(Date.now() - dias * 864e5);
  const casos: Array<[string, Partial<LogQuery>, string]> = [
    ['newest first', {}, 'idx_log_integracion_fecha'],
    ['by estado', { estado: 'ERROR' as LogQuery['estado'] }, 'idx_log_integracion_fecha'],
    ['by operation', { operacion: 'RECEPCION' as LogQuery['operacion'] }, 'idx_log_integracion_fecha'],
    ['date range', { desde: hace(30), hasta: hace(20) }, 'idx_log_integracion_fecha'],
    ['deep page by cursor', { after: { createdAt: hace(60), id: '1' } }, 'idx_log_integracion_fecha'],
    ['dead-letter list', { soloDlq: true }, 'idx_log_dlq_integracion_fecha'],
  ];

  it.each(casos)('the log list (%s) reads an index, never scans the table', async (_caso, filtros, indice) => {
    const [sql, params] = repo.listarSql({ integracionId, limit: 20, ...filtros });
    const scans = await escaneos(sql, params);
    expect(scans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(scans.map((n) => n['Index Name'])).toContain(indice);
  });

  it('finds an inbound document by idExterno through its partial index', async () => {
    const scans = await escaneos(repo.documentoRecibidoSql, [integracionId, 'EXT-70']);
    expect(scans.map((n) => n['Index Name'])).toEqual(['idx_log_recepcion_externo']);
  });

  it.each([
    ['one integration', true],
    ['all integrations', false],
  ])('statistics of a 7-day window (%s) read only that window through the index', async (_caso, una) => {
    const sql = repo.estadisticasSql(una ? integracionId : null);
    const scans = await escaneos(sql, una ? [hace(7), new Date(), integracionId] : [hace(7), new Date()]);
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(scans.every((n) => n['Index Name'] === 'idx_log_integracion_fecha')).toBe(true);
  });

  it('statistics agree with a direct count', async () => {
    const s = await repo.estadisticas(integracionId, hace(7), new Date());
    const [{ intentos, exitosos }] = await db.query(
      `SELECT count(*)::int AS intentos, count(*) FILTER (WHERE estado = 'EXITOSO')::int AS exitosos
         FROM integraciones.log_sincronizacion WHERE integracion_id = $1 AND operacion = 'ENVIO' AND created_at >= $2 AND created_at < $3`,
      [integracionId, hace(7), new Date()],
    );
    expect(intentos).toBeGreaterThan(0);
    expect(s.intentos).toBe(intentos);
    expect(s.exitosos).toBe(exitosos);
    expect(s.latenciaMs.p95).toBeGreaterThanOrEqual(s.latenciaMs.p50 as number);
  });
});
