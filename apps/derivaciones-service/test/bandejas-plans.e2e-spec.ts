import { Client } from 'pg';
import { EstadoDerivacion } from '@mesa/shared/contracts';
import {
  bandejaQuery,
  CONTEOS_AREA,
  MUESTRA_TIEMPOS,
  PENDIENTES_POR_AREA,
  pendientesUsuarioQuery,
  TIEMPOS_AREA,
  vencidasQuery,
} from '../src/bandejas/bandejas.repository';
import { listarQuery } from '../src/notificaciones/notificaciones.repository';
import { POR_VENCER } from '../src/notificaciones/notificaciones.repository';
import { explainNodes, leastVisibleShare, settleTables } from '@mesa/shared/database';
import type { PlansDatabase } from '../../../tools/seed/plans-database';
import { derivacionesPlansDatabase } from './plans-database';

/**
 * Plans of the trays on a realistic row count, in a database of this test's own: about 500,000
 * derivations (3 per document on average) and 300,000 notifications. Every tray, the route
 * sheet, the statistics and the due-soon job reach their rows through the index meant for them.
 */
describe('derivation trays plans on 500,000 derivations', () => {
  let plansDb: PlansDatabase;
  let db: Client;
  let areaId: number;
  let usuarioId: string;
  let documentoId: string;
  let cursorFecha: string;
  let cursorId: string;

  beforeAll(async () => {
    plansDb = await derivacionesPlansDatabase('derivaciones_plans');
    db = new Client({ connectionString: plansDb.url });
    await db.connect();
    // The busiest office is the worst case for a tray.
    const busiest = await db.query(
      `SELECT area_destino_id AS area, count(*)::int AS n FROM derivaciones.derivacion GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    areaId = busiest.rows[0].area;
    usuarioId = (await db.query(`SELECT id FROM gateway.usuario WHERE username = 'area2'`)).rows[0].id;
    documentoId = (await db.query(`SELECT documento_id FROM derivaciones.derivacion ORDER BY random() LIMIT 1`)).rows[0]
      .documento_id;
    const medio = await db.query(
      `SELECT fecha_derivacion::text AS f, id FROM derivaciones.derivacion WHERE area_destino_id = $1
        ORDER BY fecha_derivacion DESC, id DESC OFFSET 500 LIMIT 1`,
      [areaId],
    );
    [cursorFecha, cursorId] = [medio.rows[0].f, medio.rows[0].id];
    // Notifications: one per derivation of the last ~100,000 to its office, a third read, plus
    // personal ones for the seeded users.
    await db.query(`
      INSERT INTO derivaciones.notificacion (area_id, tipo, titulo, mensaje, referencia_id, dedupe_key, leida, created_at)
      SELECT area_destino_id, 'DERIVACION_RECIBIDA', 'Documento derivado', numero_expediente, id::text,
             'derivacion:' || id || ':area:' || area_destino_id, random() < 0.33, fecha_derivacion
        FROM derivaciones.derivacion ORDER BY fecha_derivacion DESC LIMIT 250000`);
    await db.query(`
      INSERT INTO derivaciones.notificacion (usuario_id, tipo, titulo, mensaje, dedupe_key, leida, created_at)
      SELECT u.id, 'REPORTE_LISTO', 'Reporte listo', 'x', 'reporte:' || g || ':' || u.id, random() < 0.5, now() - g * interval '1 minute'
        FROM gateway.usuario u CROSS JOIN generate_series(1, 8000) g`);
    await settleTables(db, ['derivaciones.derivacion', 'derivaciones.notificacion']);
  }, 900_000);

  afterAll(async () => {
    await db?.end();
    await plansDb?.drop();
  });

  it('holds a realistic row count, vacuumed as autovacuum keeps it in service', async () => {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM derivaciones.derivacion');
    expect(rows[0].n).toBeGreaterThan(450_000);
    // Plans below are judged on a set visibility map; with it unset, an office's counts may
    // rightly prefer a sequential scan, and the tests would judge the load, not the queries.
    expect(await leastVisibleShare(db, ['derivaciones.derivacion'])).toBeGreaterThan(0.95);
  });

  const plan = async (sql: string, params: unknown[]) => {
    const nodes = await explainNodes(db, sql, params);
    return {
      seqScans: nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']),
      indexes: nodes.map((n) => n['Index Name']).filter(Boolean) as string[],
    };
  };

  const tray = (over: Partial<Parameters<typeof bandejaQuery>[0]> = {}) =>
    bandejaQuery({ areaId, orden: 'recientes', limit: 20, ...over });

  /** Indexes that reach only open derivations; the planner picks among them by how many are open. */
  const ABIERTAS = ['idx_derivacion_area_limite_abiertas', 'idx_derivacion_fecha_limite'];

  it.each([
    [
      'by state, newest first',
      () => tray({ estado: EstadoDerivacion.PENDIENTE }),
      ['idx_derivacion_area_estado_fecha'],
    ],
    [
      'by state, a later page',
      () => tray({ estado: EstadoDerivacion.ATENDIDO, after: { clave: cursorFecha, id: cursorId } }),
      ['idx_derivacion_area_estado_fecha'],
    ],
    ['any state, newest first', () => tray(), ['idx_derivacion_area_fecha']],
    [
      'any state, a later page',
      () => tray({ after: { clave: cursorFecha, id: cursorId } }),
      ['idx_derivacion_area_fecha'],
    ],
    ['urgent only', () => tray({ urgente: true }), ['idx_derivacion_area_fecha']],
    ['earliest deadline first', () => tray({ orden: 'vencimiento' }), ABIERTAS],
    // One office's received items are few: reading them by (area, estado) and sorting is as good.
    [
      'received, earliest deadline first',
      () => tray({ orden: 'vencimiento', estado: EstadoDerivacion.RECIBIDO }),
      [...ABIERTAS, 'idx_derivacion_area_estado_fecha'],
    ],
    [
      'overdue by deadline',
      () => tray({ orden: 'vencimiento', vencidas: true }),
      [...ABIERTAS, 'idx_derivacion_area_estado_fecha'],
    ],
  ])('an office’s tray, %s, reads its index', async (_name, query, allowed) => {
    const [sql, params] = query();
    const { seqScans, indexes } = await plan(sql, params);
    expect(seqScans).toEqual([]);
    expect(indexes.length).toBeGreaterThan(0);
    expect(indexes.every((i) => allowed.includes(i))).toBe(true);
  });

  it('a user’s pending work reads the office’s pending and the user’s received through their indexes', async () => {
    const [sql, params] = pendientesUsuarioQuery(usuarioId, areaId, 20);
    const { seqScans, indexes } = await plan(sql, params);
    expect(seqScans).toEqual([]);
    expect(indexes).toEqual(
      expect.arrayContaining(['idx_derivacion_area_estado_fecha', 'idx_derivacion_recibe_fecha']),
    );
  });

  it.each([
    ['one office', () => areaId],
    ['every office', () => null],
  ])('overdue list of %s reads only open derivations, through a partial index', async (_name, area) => {
    const [sql, params] = vencidasQuery(area(), 20);
    const { seqScans, indexes } = await plan(sql, params);
    expect(seqScans).toEqual([]);
    expect(indexes.length).toBeGreaterThan(0);
    expect(indexes.every((i) => ABIERTAS.includes(i))).toBe(true);
  });

  it('the route sheet reads idx_derivacion_documento_fecha', async () => {
    const { seqScans, indexes } = await plan(
      `SELECT * FROM derivaciones.derivacion WHERE documento_id = $1 ORDER BY fecha_derivacion, es_copia, numero_derivacion LIMIT $2`,
      [documentoId, 1000],
    );
    expect(seqScans).toEqual([]);
    expect(indexes).toEqual(['idx_derivacion_documento_fecha']);
  });

  it('statistics of an office: counts, overdue and the times sample without a sequential scan', async () => {
    const conteos = await plan(CONTEOS_AREA, [areaId]);
    expect(conteos.seqScans).toEqual([]);
    expect(conteos.indexes.some((i) => ABIERTAS.includes(i))).toBe(true);
    const tiempos = await plan(TIEMPOS_AREA, [areaId, MUESTRA_TIEMPOS]);
    expect(tiempos.seqScans).toEqual([]);
    expect(tiempos.indexes).toContain('idx_derivacion_area_fecha');
  });

  it('the pending-by-office gauge reads only open derivations, through a partial index', async () => {
    const { seqScans, indexes } = await plan(PENDIENTES_POR_AREA, []);
    expect(seqScans).toEqual([]);
    expect(indexes.length).toBeGreaterThan(0);
    expect(indexes.every((i) => ABIERTAS.includes(i))).toBe(true);
  });

  it('the due-soon job finds derivations coming due through idx_derivacion_fecha_limite', async () => {
    const ahora = new Date();
    const { seqScans, indexes } = await plan(POR_VENCER, [
      ahora,
      new Date(ahora.getTime() + 5 * 86_400_000),
      null,
      null,
      1000,
    ]);
    expect(seqScans).toEqual([]);
    expect(indexes).toContain('idx_derivacion_fecha_limite');
  });

  it.each([
    ['unread', false],
    ['read', true],
  ])('my notifications, %s part, read both recipient indexes', async (_name, leida) => {
    const [sql, params] = listarQuery({ usuarioId, areaId }, leida, 20);
    const { seqScans, indexes } = await plan(sql, params);
    expect(seqScans).toEqual([]);
    expect(indexes).toEqual(
      expect.arrayContaining(['idx_notificacion_usuario_leida_fecha', 'idx_notificacion_area_leida_fecha']),
    );
  });
});
