import { Client } from 'pg';
import { derivarCodigoSeguimiento } from '@mesa/shared/domain';
import { APELLIDOS, ASUNTOS } from '../../seed/vocabulario';
import { HttpClient, HttpRequest } from './http-client';

export type ConfigName = 'optimised' | 'baseline';

/** What the scenarios read from the dataset before the run (never during a measurement). */
export interface Fixtures {
  mesaDePartesId: number;
  areas: number[];
  tipos: number[];
  /** The hot set of the detail mix. */
  hotIds: string[];
  /** Ids read once each, split between the configurations so neither reads the other's. */
  coldIds: Record<ConfigName, string[]>;
  /** Documents with a route sheet. */
  ruteados: string[];
  /** Cases and their receipt codes. */
  seguimiento: { numero: string; codigo: string }[];
  year: number;
}

export interface Ctx {
  http: HttpClient;
  config: ConfigName;
  auth: { admin: string; mesa: string };
  fixtures: Fixtures;
  /** Cursor of page 50 of the filtered list, found by walking it once. */
  deepCursor: string | null;
  /** Filled by the write scenarios, used by the ones after them. */
  created: { documentos: string[]; derivaciones: string[] };
}

export interface Scenario {
  key: string;
  name: string;
  route: string;
  model: 'open' | 'sequential';
  /** Arrival rate of the open model (requests/s). */
  rate?: number;
  /** Sequential runs: how many in a --quick and in a full run. */
  count?: { quick: number; full: number };
  /** Also measured with a closed loop for maximum throughput. */
  closed?: boolean;
  /** How many requests the scenario can make at most (writes consume their inputs). */
  available?: (ctx: Ctx) => number;
  request: (ctx: Ctx, i: number) => HttpRequest;
  /** Success statuses (default 2xx). */
  ok?: number[];
  /** Reads the answer (the request then keeps its body). */
  collect?: (ctx: Ctx, body: unknown) => void;
}

/** A small deterministic generator, so every run draws the same sequence. */
export function pseudoRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (ctx: Ctx, path: string): HttpRequest => ({ path, headers: bearer(ctx.auth.admin) });
const at = <T>(list: T[], i: number): T => list[i % list.length];
const HOT_SHARE = 0.95;

/** Dates as YYYY-MM-DD, `daysAgo` days before today (UTC is close enough for a filter). */
export function dayOffset(daysAgo: number, today = new Date()): string {
  const d = new Date(today.getTime() - daysAgo * 86_400_000);
  return d.toISOString().slice(0, 10);
}

const SEARCH_WORDS = [
  ...APELLIDOS.slice(0, 20),
  'licencia',
  'resolucion',
  'revalidacion',
  'apelacion',
  'transporte',
  'duplicado',
  'papeleta',
  'constancia',
  'autorizacion',
  'reconsideracion',
];

function nuevoDocumento(ctx: Ctx, i: number) {
  return {
    tipoDocumentoId: at(ctx.fixtures.tipos, i),
    remitente: `${at(APELLIDOS, i)} Benchmark ${i}`,
    asunto: at(ASUNTOS, i),
    numeroFolios: 1 + (i % 20),
    prioridad: i % 20 === 0 ? 'URGENTE' : 'NORMAL',
    areaActualId: ctx.fixtures.mesaDePartesId,
  };
}

export function scenarios(): Scenario[] {
  const hotDraw = pseudoRandom(7);
  return [
    {
      key: 'detalle-hot',
      name: 'detail, hot mix',
      route: 'GET /api/v1/documentos/:id (95 % of reads on 200 documents)',
      model: 'open',
      rate: 1000,
      closed: true,
      request: (ctx, i) => {
        const f = ctx.fixtures;
        // Cold reads of the mix come from the second half of the cold ids (detail, cold uses the first).
        const cold = f.coldIds[ctx.config];
        const half = Math.floor(cold.length / 2);
        const id =
          hotDraw() < HOT_SHARE
            ? f.hotIds[Math.floor(hotDraw() * f.hotIds.length)]
            : cold[half + (i % (cold.length - half))];
        return get(ctx, `/api/v1/documentos/${id}`);
      },
    },
    {
      key: 'detalle-frio',
      name: 'detail, cold',
      route: 'GET /api/v1/documentos/:id (each document read once)',
      model: 'open',
      rate: 100,
      available: (ctx) => Math.floor(ctx.fixtures.coldIds[ctx.config].length / 2),
      request: (ctx, i) => get(ctx, `/api/v1/documentos/${ctx.fixtures.coldIds[ctx.config][i]}`),
    },
    {
      key: 'bandeja',
      name: "an office's inbox",
      route: 'GET /api/v1/documentos?areaActualId=&estado=EN_PROCESO&limit=20',
      model: 'open',
      rate: 50,
      request: (ctx, i) =>
        get(ctx, `/api/v1/documentos?areaActualId=${at(ctx.fixtures.areas, i)}&estado=EN_PROCESO&limit=20`),
    },
    {
      key: 'lista',
      name: 'filtered list, page 1',
      route: 'GET /api/v1/documentos?estado=&prioridad=URGENTE&tipoDocumentoId=&limit=20',
      model: 'open',
      rate: 50,
      request: (ctx, i) =>
        get(
          ctx,
          `/api/v1/documentos?estado=${i % 2 ? 'EN_PROCESO' : 'ATENDIDO'}&prioridad=URGENTE&tipoDocumentoId=${at(ctx.fixtures.tipos, i)}&limit=20`,
        ),
    },
    {
      key: 'lista-profunda',
      name: 'filtered list, page 50 by cursor',
      route: 'GET /api/v1/documentos?estado=ARCHIVADO&limit=20&cursor=',
      model: 'open',
      rate: 50,
      available: (ctx) => (ctx.deepCursor ? Number.MAX_SAFE_INTEGER : 0),
      request: (ctx) =>
        get(ctx, `/api/v1/documentos?estado=ARCHIVADO&limit=20&cursor=${encodeURIComponent(ctx.deepCursor ?? '')}`),
    },
    {
      key: 'busqueda',
      name: 'search',
      route: 'GET /api/v1/documentos/buscar?q= (words, names and partial case numbers)',
      model: 'open',
      rate: 20,
      request: (ctx, i) => {
        const q =
          i % 2 === 0
            ? at(SEARCH_WORDS, i / 2)
            : `${ctx.fixtures.year}-${String((i * 7919) % 100_000).padStart(5, '0')}`;
        return get(ctx, `/api/v1/documentos/buscar?q=${encodeURIComponent(q)}&limit=20`);
      },
    },
    {
      key: 'estadisticas',
      name: 'statistics (dashboard)',
      route: 'GET /api/v1/documentos/estadisticas',
      model: 'open',
      rate: 100,
      request: (ctx) => get(ctx, '/api/v1/documentos/estadisticas'),
    },
    {
      key: 'estadisticas-sin-cache',
      name: 'statistics, uncached (a new date range each time)',
      route: 'GET /api/v1/documentos/estadisticas?fechaDesde=&fechaHasta=',
      model: 'open',
      rate: 5,
      request: (ctx, i) => {
        const hasta = (ctx.config === 'optimised' ? 0 : 350) + (i % 350) + 1;
        return get(
          ctx,
          `/api/v1/documentos/estadisticas?fechaDesde=${dayOffset(hasta + 29)}&fechaHasta=${dayOffset(hasta)}`,
        );
      },
    },
    {
      key: 'vencidos',
      name: 'overdue items',
      route: 'GET /api/v1/documentos/vencidos?areaId=',
      model: 'open',
      rate: 20,
      request: (ctx, i) => get(ctx, `/api/v1/documentos/vencidos?areaId=${at(ctx.fixtures.areas, i)}&limit=20`),
    },
    {
      key: 'seguimiento',
      name: 'citizen tracking',
      route: 'GET /api/v1/public/seguimiento/:numeroExpediente?codigo=',
      model: 'open',
      rate: 50,
      available: (ctx) => (ctx.fixtures.seguimiento.length ? Number.MAX_SAFE_INTEGER : 0),
      request: (ctx, i) => {
        const s = at(ctx.fixtures.seguimiento, i);
        return { path: `/api/v1/public/seguimiento/${s.numero}?codigo=${s.codigo}` };
      },
    },
    {
      key: 'bandeja-derivaciones',
      name: "an office's inbox of derivations",
      route: 'GET /api/v1/derivaciones/bandeja?areaId=',
      model: 'open',
      rate: 50,
      request: (ctx, i) => get(ctx, `/api/v1/derivaciones/bandeja?areaId=${at(ctx.fixtures.areas, i)}&limit=20`),
    },
    {
      key: 'hoja-de-ruta',
      name: 'route sheet',
      route: 'GET /api/v1/derivaciones/documento/:documentoId',
      model: 'open',
      rate: 50,
      available: (ctx) => (ctx.fixtures.ruteados.length ? Number.MAX_SAFE_INTEGER : 0),
      request: (ctx, i) => get(ctx, `/api/v1/derivaciones/documento/${at(ctx.fixtures.ruteados, i)}`),
    },
    {
      key: 'registro',
      name: 'registration',
      route: 'POST /api/v1/documentos',
      model: 'open',
      rate: 30,
      ok: [201],
      request: (ctx, i) => ({
        method: 'POST',
        path: '/api/v1/documentos',
        headers: bearer(ctx.auth.mesa),
        json: nuevoDocumento(ctx, i),
      }),
      collect: (ctx, body) => {
        const id = (body as { id?: string })?.id;
        if (id) ctx.created.documentos.push(id);
      },
    },
    {
      key: 'lote-500',
      name: 'a batch of 500 registrations',
      route: 'POST /api/v1/documentos/lote (500 documents)',
      model: 'sequential',
      count: { quick: 3, full: 10 },
      ok: [201],
      request: (ctx, i) => ({
        method: 'POST',
        path: '/api/v1/documentos/lote',
        headers: bearer(ctx.auth.mesa),
        json: { documentos: Array.from({ length: 500 }, (_, k) => nuevoDocumento(ctx, 100_000 + i * 500 + k)) },
      }),
      collect: (ctx, body) => {
        for (const d of (body as { documentos?: { id: string }[] })?.documentos ?? [])
          ctx.created.documentos.push(d.id);
      },
    },
    {
      key: 'derivar',
      name: 'routing',
      route: 'POST /api/v1/derivaciones',
      model: 'open',
      rate: 20,
      ok: [201],
      available: (ctx) => ctx.created.documentos.length,
      request: (ctx, i) => ({
        method: 'POST',
        path: '/api/v1/derivaciones',
        headers: bearer(ctx.auth.admin),
        json: {
          documentoId: ctx.created.documentos[i],
          areaDestinoId: at(ctx.fixtures.areas, i),
          instrucciones: 'Atender según lo solicitado',
        },
      }),
      collect: (ctx, body) => {
        const id = (body as { id?: string })?.id;
        if (id) ctx.created.derivaciones.push(id);
      },
    },
    {
      key: 'recibir',
      name: 'receiving a derivation',
      route: 'PUT /api/v1/derivaciones/:id/recibir',
      model: 'open',
      rate: 20,
      available: (ctx) => ctx.created.derivaciones.length,
      request: (ctx, i) => ({
        method: 'PUT',
        path: `/api/v1/derivaciones/${ctx.created.derivaciones[i]}/recibir`,
        headers: bearer(ctx.auth.admin),
        json: {},
      }),
    },
  ];
}

/** Reads the fixtures from the dataset: random but repeatable samples. */
/** `trackingCodeSecret`: the apps' TRACKING_CODE_SECRET, from which every document's code derives. */
export async function loadFixtures(db: Client, coldPerConfig: number, trackingCodeSecret: string): Promise<Fixtures> {
  await db.query('SELECT setseed(0.42)');
  const areas = await db.query<{ id: number; codigo: string }>('SELECT id, codigo FROM documentos.area ORDER BY id');
  const mesa = areas.rows.find((a) => a.codigo === 'MP');
  if (!mesa) throw new Error('the dataset has no Mesa de Partes office (MP)');
  const tipos = await db.query<{ id: number }>('SELECT id FROM documentos.tipo_documento ORDER BY id');
  // TABLESAMPLE keeps this cheap at 1M rows; the order by random() then mixes pages.
  const sample = await db.query<{ id: string }>(
    `SELECT id FROM documentos.documento TABLESAMPLE SYSTEM (least(100, greatest(1, 100.0 * $1 / greatest(1, (SELECT reltuples FROM pg_class WHERE oid = 'documentos.documento'::regclass)))))
      ORDER BY random() LIMIT $1`,
    [2 * coldPerConfig + 200],
  );
  const ids = sample.rows.map((r) => r.id);
  const ruteados = await db.query<{ documento_id: string }>(
    `SELECT DISTINCT documento_id FROM (SELECT documento_id FROM derivaciones.derivacion TABLESAMPLE SYSTEM (1) LIMIT 2000) s`,
  );
  const tracked = await db.query<{ id: string; numero_expediente: string }>(
    `SELECT id, numero_expediente FROM documentos.documento TABLESAMPLE SYSTEM (1) LIMIT 2000`,
  );
  const year = await db.query<{ y: number }>(
    `SELECT extract(year FROM max(fecha_recepcion))::int AS y FROM documentos.documento`,
  );
  return {
    mesaDePartesId: mesa.id,
    areas: areas.rows.filter((a) => a.codigo !== 'MP').map((a) => a.id),
    tipos: tipos.rows.map((t) => t.id),
    hotIds: ids.slice(0, 200),
    coldIds: { optimised: ids.slice(200, 200 + coldPerConfig), baseline: ids.slice(200 + coldPerConfig) },
    ruteados: ruteados.rows.map((r) => r.documento_id),
    seguimiento: tracked.rows.map((r) => ({
      numero: r.numero_expediente,
      codigo: derivarCodigoSeguimiento(trackingCodeSecret, r.id),
    })),
    year: year.rows[0]?.y ?? new Date().getFullYear(),
  };
}
