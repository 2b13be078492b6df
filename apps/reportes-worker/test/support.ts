import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import { RunningApp, startApp } from '@mesa/shared/app';
import { RedisStreamsClient } from '@mesa/shared/bus';
import { Actor, Rol, Services, TareaDto } from '@mesa/shared/contracts';
import { waitUntil } from '@mesa/shared/testing';
import { scratchDatabase } from '../../../libs/db-entities/src/testing/scratch-database';
import { seed } from '../../../tools/seed/seed';
import { reportesApp } from '../src/app.definition';

const PASSWORD = 'test-password-2026';

let seeded: Promise<unknown> | undefined;
/** Offices, document types and users, once per test database. */
export function seedCatalogos(): Promise<unknown> {
  seeded ??= seed({ url: process.env.DATABASE_URL as string, password: PASSWORD });
  return seeded;
}

export const actor = (rol: Rol = Rol.ADMIN, areaId: number | null = null): Actor => ({ userId: randomUUID(), username: `u-${rol}`, rol, areaId });

/** A storage directory of the test's own. */
export async function storageTemporal(): Promise<{ dir: string; archivos(): Promise<string[]>; borrar(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'reportes-'));
  return {
    dir,
    archivos: async () => {
      try {
        return (await readdir(join(dir, 'reportes'))).sort();
      } catch {
        return [];
      }
    },
    borrar: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A key prefix of the test file's own below the run's: apps booted by test files running in
 * parallel would otherwise serve each other's bus requests and queues (with other storage dirs).
 */
export const prefijoPropio = (nombre: string) => `${process.env.REDIS_KEY_PREFIX}${nombre}:`;

/** reportes-worker in this process (pass REDIS_KEY_PREFIX: prefijoPropio(...)). */
export function bootWorker(env: Record<string, string>): Promise<RunningApp> {
  return startApp(reportesApp, { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env });
}

/** A bus caller of reportes-worker, as the gateway is. */
export function busReportes(keyPrefix = process.env.REDIS_KEY_PREFIX as string) {
  const client = new RedisStreamsClient({ redisUrl: process.env.REDIS_URL as string, service: Services.REPORTES, keyPrefix, timeoutMs: 10_000 });
  return {
    send: <T>(pattern: string, payload: unknown): Promise<T> => firstValueFrom(client.send<T>(pattern, payload)),
    close: () => client.close(),
  };
}

export type Bus = ReturnType<typeof busReportes>;

/** Polls a task until `until` holds; answers its last state. */
export async function esperarTarea(bus: Bus, a: Actor, id: string, until: (t: TareaDto) => boolean, timeoutMs = 60_000): Promise<TareaDto> {
  let last: TareaDto | undefined;
  await waitUntil(
    async () => {
      last = await bus.send<TareaDto>('tareas.obtener', { actor: a, id });
      return until(last);
    },
    { timeoutMs },
  );
  if (!last || !until(last)) throw new Error(`task ${id} did not get there: ${JSON.stringify(last)}`);
  return last;
}

export const terminada = (t: TareaDto) => ['completed', 'failed', 'cancelled'].includes(t.estado);

export interface Lote {
  /** A Lima date range holding exactly these documents. */
  desde: string;
  hasta: string;
  cantidad: number;
  /** The database of their own they live in (give it to the worker as DATABASE_URL). */
  databaseUrl: string;
  drop(): Promise<void>;
}

/**
 * `cantidad` documents received one minute apart from a random date far in the future, in a
 * migrated database of the test's own with the catalogs: tens of thousands of documents in the
 * run's shared database would change what other tests (and their seeding) find there.
 */
export async function sembrarDocumentos(cantidad: number): Promise<Lote> {
  const db = scratchDatabase('reportes');
  await seed({ url: db.url, password: PASSWORD, documentos: 0 });
  const anio = 3000 + Math.floor(Math.random() * 5000);
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  try {
    const etiqueta = randomBytes(3).toString('hex');
    const inicio = `${anio}-03-01T05:00:00Z`; // 00:00 in Lima
    await pg.query(
      `INSERT INTO documentos.documento (numero_expediente, tipo_documento_id, remitente, asunto, numero_folios, prioridad, estado,
         fecha_presentacion, fecha_recepcion, fecha_limite, area_actual_id, codigo_seguimiento_hash)
       SELECT 'R' || $1 || '-' || g,
              t.ids[1 + g % array_length(t.ids, 1)],
              'Remitente ' || g, 'Asunto de prueba ' || g, 1 + g % 7,
              (ARRAY['NORMAL', 'ALTA', 'URGENTE'])[1 + g % 3]::documentos.prioridad,
              (ARRAY['REGISTRADO', 'EN_PROCESO', 'ATENDIDO', 'ARCHIVADO'])[1 + g % 4]::documentos.estado_documento,
              $2::timestamptz + g * interval '1 minute', $2::timestamptz + g * interval '1 minute',
              $2::timestamptz + g * interval '1 minute' + interval '10 days',
              a.ids[1 + g % array_length(a.ids, 1)],
              encode(sha256(('R' || $1 || '-' || g)::bytea), 'hex')
         FROM generate_series(1, $3) g,
              (SELECT array_agg(id ORDER BY id) AS ids FROM documentos.tipo_documento) t,
              (SELECT array_agg(id ORDER BY id) AS ids FROM documentos.area) a`,
      [etiqueta, inicio, cantidad],
    );
  } finally {
    await pg.end();
  }
  // One minute apart: up to 40,000 documents stay within March.
  return { desde: `${anio}-03-01`, hasta: `${anio}-03-31`, cantidad, databaseUrl: db.url, drop: () => db.drop() };
}
