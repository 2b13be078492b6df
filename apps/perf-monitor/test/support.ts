import pino from 'pino';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { RunningApp } from '@mesa/shared/app';
import { SlowQueryLogger, timedDb } from '@mesa/shared/database';
import { freePort } from '@mesa/shared/testing';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo } from '../../gateway/test/support';
import { perfMonitorApp } from '../src/app.definition';

export { api, boot, login, nuevoDocumento, perfMonitorApp };

export interface PerfSuite {
  gateway: RunningApp;
  documentos: RunningApp;
  perf: RunningApp;
  close(): Promise<void>;
}

/**
 * documentos-service, perf-monitor and the gateway in this process, on ports chosen first so
 * perf-monitor can be told where the apps are and the gateway where perf-monitor is.
 */
export async function startPerfSuite(
  perfEnv: Record<string, string> = {},
  before?: (ports: { gateway: number; documentos: number }) => Promise<Record<string, string>>,
): Promise<PerfSuite> {
  await seedDemo();
  const [pg, pd, pp] = [await freePort(), await freePort(), await freePort()];
  const documentos = await boot(documentosApp, { PORT: String(pd) });
  const extra = before ? await before({ gateway: pg, documentos: pd }) : {};
  const perf = await boot(perfMonitorApp, {
    PORT: String(pp),
    MONITORED_APPS: `gateway=http://127.0.0.1:${pg},documentos-service=http://127.0.0.1:${pd}`,
    PERF_SCRAPE_INTERVAL_MS: '1000',
    ...extra,
    ...perfEnv,
  });
  const gateway = await boot(gatewayApp, { PORT: String(pg), PERF_MONITOR_URL: perf.url });
  return {
    gateway,
    documentos,
    perf,
    close: async () => {
      await gateway.close();
      await perf.close();
      await documentos.close();
    },
  };
}

/**
 * A table of this run, 5,000 rows, read by a filter on `codigo` that no index serves, through
 * a DataSource whose slow-query threshold is 1 ms (each read sleeps 2 ms per matching row, so it
 * is slow whatever the machine): its plans count as slow sequential scans.
 */
export async function slowTable() {
  const schema = `perf_prueba_${randomBytes(4).toString('hex')}`;
  const ds = new DataSource({
    type: 'postgres',
    url: process.env.DATABASE_URL,
    maxQueryExecutionTime: 1,
    logger: new SlowQueryLogger(pino({ level: 'silent' })),
    extra: { max: 2 },
  });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA ${schema}`);
  await ds.query(
    `CREATE TABLE ${schema}.expediente_prueba (id serial PRIMARY KEY, codigo text NOT NULL, grupo int NOT NULL, creado_en timestamptz NOT NULL DEFAULT now())`,
  );
  await ds.query(
    `INSERT INTO ${schema}.expediente_prueba (codigo, grupo) SELECT 'C' || g, g % 50 FROM generate_series(1, 5000) g`,
  );
  await ds.query(`CREATE INDEX idx_prueba_sin_uso ON ${schema}.expediente_prueba (creado_en)`);
  await ds.query(`CREATE INDEX idx_prueba_grupo ON ${schema}.expediente_prueba (grupo)`);
  await ds.query(`CREATE INDEX idx_prueba_grupo_creado ON ${schema}.expediente_prueba (grupo, creado_en)`);
  await ds.query(`ANALYZE ${schema}.expediente_prueba`);
  return {
    schema,
    table: 'expediente_prueba',
    operation: 'prueba.buscar_por_codigo',
    /**
     * `times` reads by codigo: sequential scans of the whole table, each slower than the suite's
     * DB_SLOW_QUERY_MS (200 ms), so pg_stat_statements, when the server preloads it, lists them
     * as the apps' slow-query metric does.
     */
    async read(times: number) {
      for (let i = 0; i < times; i++) {
        await timedDb('prueba.buscar_por_codigo', () =>
          ds.query(`SELECT id, pg_sleep(0.21) FROM ${schema}.expediente_prueba WHERE codigo = $1`, [
            `C${1 + (i % 5000)}`,
          ]),
        );
      }
    },
    async close() {
      await ds.query(`DROP SCHEMA ${schema} CASCADE`);
      await ds.destroy();
    },
  };
}

export async function getJson(url: string, token?: string) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}
