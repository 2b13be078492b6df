import { Client } from 'pg';
import { migrateDatabase } from '@mesa/db-entities';
import { seed } from '../../seed/seed';

/**
 * One database per dataset size (`mesa_bench_100k`, `mesa_bench_1m`, ...), loaded by the seed's
 * set-based bulk path (generate_series, indexes rebuilt after the load; offices skewed, about 5 %
 * urgent, states by age, business days only) and reused by later runs: a marker row records what
 * was loaded and with which version of this loader. Separate databases rather than a `scale`
 * column: every app's queries run unchanged against each size, and each size is loaded once.
 */
export const DATASET_VERSION = 1;
const MARKER = 'public.bench_dataset';
const DERIVACIONES_POR_DOCUMENTO = 3;

export interface Dataset {
  size: number;
  url: string;
  documentos: number;
  derivaciones: number;
  reused: boolean;
  loadSeconds: number;
}

export const databaseName = (size: number) =>
  `mesa_bench_${size % 1_000_000 === 0 ? `${size / 1_000_000}m` : size % 1000 === 0 ? `${size / 1000}k` : size}`;

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'mesa-bench' });
  await client.connect();
  return client;
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The dataset of `size` documents: reused when its marker says so, else loaded from scratch. */
export async function ensureDataset(
  adminUrl: string,
  size: number,
  password: string,
  log: (line: string) => void,
): Promise<Dataset> {
  const name = databaseName(size);
  const url = withDatabase(adminUrl, name);
  await withClient(adminUrl, async (admin) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  });
  const marker = await withClient(url, async (c) => {
    const { rows } = await c.query(`SELECT to_regclass('${MARKER}') IS NOT NULL AS ok`);
    if (!rows[0].ok) return null;
    const found = await c.query<{ documentos: number; derivaciones: number; version: number }>(
      `SELECT documentos, derivaciones, version FROM ${MARKER}`,
    );
    return found.rows[0] ?? null;
  });
  if (marker && marker.documentos === size && marker.version === DATASET_VERSION) {
    // Other engineers' migrations since the load apply to the reused data too.
    await migrateDatabase(url);
    return {
      size,
      url,
      documentos: marker.documentos,
      derivaciones: marker.derivaciones,
      reused: true,
      loadSeconds: 0,
    };
  }
  log(`Loading ${size.toLocaleString('en')} documents into ${name} (once; later runs reuse it)...`);
  const started = performance.now();
  const summary = await seed({
    url,
    documentos: size,
    derivacionesPorDocumento: DERIVACIONES_POR_DOCUMENTO,
    password,
    reset: true,
  });
  const loadSeconds = Math.round((performance.now() - started) / 1000);
  await withClient(url, async (c) => {
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${MARKER} (documentos int NOT NULL, derivaciones int NOT NULL, version int NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now(), load_seconds int NOT NULL)`,
    );
    await c.query(`TRUNCATE ${MARKER}`);
    await c.query(`INSERT INTO ${MARKER} (documentos, derivaciones, version, load_seconds) VALUES ($1, $2, $3, $4)`, [
      summary.documentos,
      summary.derivaciones,
      DATASET_VERSION,
      loadSeconds,
    ]);
  });
  log(
    `Loaded ${summary.documentos.toLocaleString('en')} documents and ${summary.derivaciones.toLocaleString('en')} derivations in ${loadSeconds} s.`,
  );
  return { size, url, documentos: summary.documentos, derivaciones: summary.derivaciones, reused: false, loadSeconds };
}
