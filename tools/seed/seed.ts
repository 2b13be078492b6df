/**
 * Demonstration and benchmark data.
 *
 *   node -r @swc-node/register tools/seed/seed.ts [--documentos N] [--derivaciones-por-documento M] [--reset]
 *
 * Without --documentos: catalogs, holidays, one user per role and a few hundred documents from
 * the last months, idempotently (a second run changes nothing). With --documentos N: tops the
 * documents up to N (set-based, dated over the last two years). Users get SEED_PASSWORD (or
 * --password); DATABASE_URL selects the database.
 */
import { Client } from 'pg';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '@mesa/db-entities';
import { DEV_TRACKING_CODE_SECRET } from '@mesa/shared/config';
import { settleTables } from '@mesa/shared/database';
import { enParalelo, restaurarPendientes, suspenderIndicesYClaves } from './carga-masiva';
import { AREA_MESA_DE_PARTES, AREAS, slotsPorPeso, TIPOS_DOCUMENTO } from './catalogos';
import { seedCatalogos, seedUsuarios } from './catalogos.seed';
import { actualizarContadores } from './contadores.seed';
import {
  copiarDocumentosARef,
  descartarCarga,
  generarDerivaciones,
  insertarDerivaciones,
  Parte,
  PlanDerivaciones,
  prepararCarga,
  repartirPeriodos,
} from './derivaciones.seed';
import { insertarLoteDocumentos, planificarDocumentos } from './documentos.seed';

export interface SeedOptions {
  url: string;
  /** Target number of documents (default: the demo's few hundred). Existing ones count. */
  documentos?: number;
  /** Average derivations per document, for documents that have none yet (default 3). */
  derivacionesPorDocumento?: number;
  /** Password of the seeded users. */
  password: string;
  /** Empty every table of every service first. */
  reset?: boolean;
  /**
   * The apps' TRACKING_CODE_SECRET: seeded documents' tracking codes are derived from it as the
   * app derives them, so their receipts and public tracking work. Default: the environment's,
   * else the development secret the apps default to.
   */
  trackingCodeSecret?: string;
}

export interface Summary {
  areas: number;
  tiposDocumento: number;
  feriados: number;
  usuarios: number;
  documentos: number;
  documentosCreados: number;
  derivaciones: number;
  derivacionesCreadas: number;
  /** The bulk path ran: two connections, secondary indexes and foreign keys rebuilt after the load. */
  bulk: boolean;
  timingsMs: Record<string, number>;
}

export const DEMO_DOCUMENTOS = 300;
const DEMO_VENTANA_DIAS = 90;
const GRANDE_VENTANA_DIAS = 730;
const DEFAULT_DERIVACIONES_POR_DOCUMENTO = 3;
/** From this many new documents on, rebuilding indexes after the load beats maintaining them per row. */
const UMBRAL_CARGA_MASIVA = 20_000;
/** The machine's cores: the bulk path loads and builds indexes on this many connections. */
const CONEXIONES_CARGA = 2;
const SEED_LOCK_KEY = 'mesa:seed';

const ESQUEMAS = ['gateway', 'documentos', 'derivaciones', 'integraciones', 'reportes'];

/**
 * Seeds the database at `url` (migrating it first). Demo sizes run in one transaction; from
 * UMBRAL_CARGA_MASIVA new documents on, the bulk path commits step by step on two connections,
 * and a crash leaves the dropped indexes recorded for the next run to rebuild.
 */
export async function seed(opts: SeedOptions): Promise<Summary> {
  const objetivo = opts.documentos ?? DEMO_DOCUMENTOS;
  const promedio = opts.derivacionesPorDocumento ?? DEFAULT_DERIVACIONES_POR_DOCUMENTO;
  if (!Number.isInteger(objetivo) || objetivo < 0) throw new Error('documentos must be a whole number');
  if (!(promedio >= 0)) throw new Error('derivacionesPorDocumento must be 0 or more');
  const trackingCodeSecret = opts.trackingCodeSecret ?? (process.env.TRACKING_CODE_SECRET || DEV_TRACKING_CODE_SECRET);
  if (trackingCodeSecret.length < 32) throw new Error('trackingCodeSecret must be at least 32 characters');
  const timingsMs: Record<string, number> = {};
  const medir = async <T>(fase: string, fn: () => Promise<T>): Promise<T> => {
    const inicio = performance.now();
    try {
      return await fn();
    } finally {
      timingsMs[fase] = (timingsMs[fase] ?? 0) + Math.round(performance.now() - inicio);
    }
  };

  await medir('migrate', () => migrateDatabase(opts.url));
  const conexiones = [await conectar(opts.url)];
  const [principal] = conexiones;
  try {
    // One seed at a time (held for the session, released when it ends).
    await principal.query('SELECT pg_advisory_lock(hashtext($1))', [SEED_LOCK_KEY]);
    await medir('recover', () => restaurarPendientes(conexiones));

    await principal.query('BEGIN');
    if (opts.reset) await medir('reset', () => vaciarTodo(principal));
    const ids = await medir('catalogos', () => seedCatalogos(principal));
    const usuarios = await medir('usuarios', () => seedUsuarios(principal, opts.password, ids.areas));
    const existentes = await contar(principal, 'documentos.documento');
    const documentosCreados = Math.max(0, objetivo - existentes);
    const bulk = documentosCreados >= UMBRAL_CARGA_MASIVA;
    if (bulk) {
      await principal.query('COMMIT');
      while (conexiones.length < CONEXIONES_CARGA) conexiones.push(await conectar(opts.url));
    }
    const partes: Parte[] = conexiones.map((_, indice) => ({ indice, total: conexiones.length }));
    const mesa = ids.areas[AREA_MESA_DE_PARTES];

    const lotes = await planificarDocumentos(principal, {
      cantidad: documentosCreados,
      ventanaDias: opts.documentos === undefined ? DEMO_VENTANA_DIAS : GRANDE_VENTANA_DIAS,
      mesaDePartesId: mesa,
      areaSlots: slotsPorPeso(AREAS, (i) => ids.areas[AREAS[i].codigo]),
      tipoSlots: slotsPorPeso(TIPOS_DOCUMENTO, (i) => ids.tipos[TIPOS_DOCUMENTO[i].codigo]),
      plazoSlots: slotsPorPeso(TIPOS_DOCUMENTO, (i) => TIPOS_DOCUMENTO[i].plazoDias),
      usuarioRegistroId: usuarios.mesa,
      corrida: Date.now().toString(36),
      trackingCodeSecret,
    });
    if (bulk) await medir('documentos', () => suspenderIndicesYClaves(principal, 'documentos', 'documento'));
    await medir('documentos', () => enParalelo(conexiones, lotes, insertarLoteDocumentos));
    if (bulk) await medir('documentos_indexes', () => restaurarPendientes(conexiones));
    await medir('documento_ref', () => enParalelo(conexiones, partes, copiarDocumentosARef));

    const planDerivaciones: PlanDerivaciones = {
      promedio,
      mesaDePartesId: mesa,
      areasDeRuta: AREAS.filter((a) => a.peso > 0).map((a) => ids.areas[a.codigo]),
      usuarioPorArea: { [mesa]: usuarios.mesa, [ids.areas.DG]: usuarios.area2 },
    };
    let derivacionesCreadas = 0;
    const media = await medir('derivaciones', () => prepararCarga(principal, planDerivaciones));
    if (media !== null) {
      await medir('derivaciones', () =>
        enParalelo(conexiones, partes, (c, parte) => generarDerivaciones(c, planDerivaciones, media, parte)),
      );
      const grupos = await repartirPeriodos(principal, conexiones.length);
      if (bulk) await medir('derivaciones', () => suspenderIndicesYClaves(principal, 'derivaciones', 'derivacion'));
      await medir('derivaciones', () =>
        enParalelo(conexiones, grupos, async (c, periodos) => {
          const insertadas = await insertarDerivaciones(c, planDerivaciones, periodos);
          derivacionesCreadas += insertadas;
        }),
      );
      if (bulk) await medir('derivaciones_indexes', () => restaurarPendientes(conexiones));
    }
    await descartarCarga(principal);
    await medir('contadores', () => actualizarContadores(principal));
    if (!bulk) await principal.query('COMMIT');

    if (documentosCreados > 0) {
      // Fresh statistics and visibility maps, so the first queries plan (and scan) as they will
      // later. settleTables' ANALYZE must commit synchronously to flush the load's commits.
      const tablas = ['documentos.documento', 'derivaciones.derivacion', 'derivaciones.documento_ref'];
      await Promise.all(conexiones.map((c) => c.query('SET synchronous_commit = on')));
      await medir('vacuum_analyze', () =>
        enParalelo(conexiones, tablas, (c, t) => settleTables(c, [t]).then(() => undefined)),
      );
    }
    return {
      areas: await contar(principal, 'documentos.area'),
      tiposDocumento: await contar(principal, 'documentos.tipo_documento'),
      feriados: await contar(principal, 'documentos.feriado'),
      usuarios: await contar(principal, 'gateway.usuario'),
      documentos: existentes + documentosCreados,
      documentosCreados,
      derivaciones: await contar(principal, 'derivaciones.derivacion'),
      derivacionesCreadas,
      bulk,
      timingsMs,
    };
  } catch (error) {
    // Outside a transaction this only warns; inside one it undoes the demo seed entirely.
    await principal.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await Promise.all(conexiones.map((c) => c.end()));
  }
}

/** A connection tuned for loading: commits need not wait for the disk, sorts get memory. */
async function conectar(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'mesa-seed' });
  await client.connect();
  await client.query(`SET synchronous_commit = off;
    SET work_mem = '256MB';
    SET maintenance_work_mem = '512MB';
    SET enable_memoize = off`);
  return client;
}

/** Every table of every service's schema, whatever migrations have added. */
async function vaciarTodo(client: Client): Promise<void> {
  const { rows } = await client.query<{ tablas: string }>(
    `SELECT string_agg(format('%I.%I', table_schema, table_name), ', ') AS tablas
       FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'`,
    [ESQUEMAS],
  );
  await client.query(`TRUNCATE ${rows[0].tablas} RESTART IDENTITY`);
}

async function contar(client: Client, tabla: string): Promise<number> {
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${tabla}`);
  return rows[0].n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      documentos: { type: 'string' },
      'derivaciones-por-documento': { type: 'string' },
      reset: { type: 'boolean', default: false },
      password: { type: 'string' },
    },
  });
  const numero = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} takes a number >= 0`);
    return n;
  };
  const password = values.password ?? process.env.SEED_PASSWORD;
  if (!password) throw new Error('Set SEED_PASSWORD (or --password) for the seeded users');
  const inicio = performance.now();
  const summary = await seed({
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mesa',
    documentos: numero('documentos', values.documentos),
    derivacionesPorDocumento: numero('derivaciones-por-documento', values['derivaciones-por-documento']),
    password,
    reset: values.reset,
  });
  process.stdout.write(`${JSON.stringify({ ...summary, totalMs: Math.round(performance.now() - inicio) }, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
