import Redis from 'ioredis';
import { Client } from 'pg';
import { freePort, NodeServiceProcess, spawnApp } from '@mesa/shared/testing';
import { seed } from '../../../tools/seed/seed';
import { Corpus, Fixtures, OpenApi, Probe } from './malformed.corpus';
import { login, PASSWORD } from './support';

const SERVICES = ['documentos-service', 'derivaciones-service', 'integraciones-service', 'reportes-worker'];
const SCHEMAS = ['gateway', 'documentos', 'derivaciones', 'integraciones', 'reportes'];
/** Requests in flight at once: enough to be quick over loopback, few enough for two cores. */
const CONCURRENCY = 8;

interface Outcome {
  probe: Probe;
  status: number;
  contentType: string;
  text: string;
}

/**
 * Bad input never answers 5xx and never writes. Every app runs as a process from its build, on
 * a database and a bus of this file's own (so nothing else writes while we compare). An admin
 * (every route admits ADMIN) sends every operation of /api/docs-json the malformed-input corpus
 * of malformed.corpus.ts; each answer must be a 4xx problem JSON with a string `code`, and every
 * table of every schema must hold exactly what it held before.
 */
describe('malformed input swept over every operation of the OpenAPI document', () => {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `${process.env.MESA_TEST_DATABASE ?? 'mesa_test'}_malformado`;
  const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).href;
  const prefix = `${process.env.REDIS_KEY_PREFIX ?? 'test:'}malformado:`;
  const procesos: NodeServiceProcess[] = [];
  let gatewayUrl: string;
  let token: string;
  let pg: Client;
  let before: Map<string, string>;
  const outcomes: Outcome[] = [];
  let operations = 0;

  const dropDatabase = async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).finally(() => admin.end());
  };

  /** Row count and a checksum of the content of every table of the apps' schemas. */
  const snapshot = async (): Promise<Map<string, string>> => {
    const { rows: tables } = await pg.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1`,
      [SCHEMAS],
    );
    const state = new Map<string, string>();
    for (const { name } of tables) {
      const { rows } = await pg.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))), '') AS h FROM ${name} t`,
      );
      state.set(name, `${rows[0].n} rows, ${rows[0].h}`);
    }
    return state;
  };
  const same = (a: Map<string, string>, b: Map<string, string>) =>
    a.size === b.size && [...a].every(([table, value]) => b.get(table) === value);
  /** The tables once nothing changes for a second: work the set-up (or the sweep) set off has ended. */
  const quiet = async (): Promise<Map<string, string>> => {
    let last = await snapshot();
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await snapshot();
      if (same(last, now)) return now;
      last = now;
    }
    return last;
  };

  const fixtures = async (): Promise<Fixtures> => {
    const one = async (sql: string) => (await pg.query(sql)).rows[0];
    const documento = await one('SELECT id, numero_expediente FROM documentos.documento ORDER BY fecha_presentacion, id LIMIT 1');
    const derivacion = await one('SELECT id FROM derivaciones.derivacion ORDER BY fecha_derivacion, id LIMIT 1');
    const notificacion = await one('SELECT id FROM derivaciones.notificacion LIMIT 1');
    const area = await one("SELECT id FROM documentos.area WHERE codigo = 'DG'");
    const creada = await fetch(`${gatewayUrl}/api/v1/integraciones`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ codigo: 'BARRIDO', nombre: 'Barrido de entradas malformadas', tipo: 'WEBHOOK', urlBase: 'http://127.0.0.1:9/' }),
    });
    if (creada.status !== 201) throw new Error(`integration fixture: ${creada.status} ${await creada.text()}`);
    return {
      documentoId: documento.id,
      numeroExpediente: documento.numero_expediente,
      derivacionId: derivacion.id,
      // None is seeded before the first derivations are routed: any UUID then, its item is only the path.
      notificacionId: notificacion?.id ?? '6f1c3b1e-0000-4000-8000-000000000000',
      integracionId: ((await creada.json()) as { id: string }).id,
      areaId: area.id,
    };
  };

  beforeAll(async () => {
    await dropDatabase();
    // The seed migrates, creating the database first.
    await seed({ url: dbUrl, password: PASSWORD });
    pg = new Client({ connectionString: dbUrl });
    await pg.connect();

    const perfPort = await freePort();
    const env = {
      LOG_LEVEL: 'warn',
      DATABASE_URL: dbUrl,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_PER_MINUTE: '1000000',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
      PERF_MONITOR_URL: `http://127.0.0.1:${perfPort}`,
      // The fixture integration points at a closed loopback port; the network policy must allow it.
      INTEGRATIONS_ALLOWED_HOSTS: '127.0.0.1',
    };
    procesos.push(...(await Promise.all(SERVICES.map((app) => spawnApp(app, env)))));
    const gateway = await spawnApp('gateway', env);
    procesos.push(gateway);
    const watched = [...SERVICES, 'gateway'].map((name, i) => `${name}=${procesos[i].url}`).join(',');
    procesos.push(await spawnApp('perf-monitor', { ...env, PORT: String(perfPort), MONITORED_APPS: watched }));
    gatewayUrl = gateway.url;
    token = await login(gatewayUrl, 'admin');
    const f = await fixtures();
    const doc = (await (await fetch(`${gatewayUrl}/api/docs-json`)).json()) as OpenApi;
    const corpus = new Corpus(doc, f);
    const probes = corpus.operations().flatMap(([method, path, op]) => corpus.probes(method, path, op));
    operations = corpus.operations().length;
    before = await quiet();

    let next = 0;
    const send = async (): Promise<void> => {
      for (let probe = probes[next++]; probe; probe = probes[next++]) {
        const headers = { authorization: `Bearer ${token}`, ...probe.headers };
        const res = await fetch(`${gatewayUrl}${probe.url}`, { method: probe.method, headers, body: probe.body });
        outcomes.push({ probe, status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, send));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(procesos.map((p) => p.stop()));
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    for await (const claves of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((claves as string[]).length) await redis.del(...(claves as string[]));
    }
    await redis.quit();
    await pg?.end();
    await dropDatabase();
  });

  it('sends the corpus to every operation of the document', () => {
    const probed = new Set(outcomes.map((o) => o.probe.operation));
    expect(operations).toBeGreaterThan(50);
    expect(probed.size).toBe(operations);
    process.stdout.write(`malformed-input sweep: ${outcomes.length} requests over ${operations} operations\n`);
  });

  it('answers every malformed request with a 4xx problem JSON and a stable code, never a 5xx', () => {
    const failures = outcomes.flatMap(({ probe, status, contentType, text }) => {
      let code: unknown;
      try {
        code = (JSON.parse(text) as { code?: unknown }).code;
      } catch {
        code = undefined;
      }
      const wrong = [
        status < 400 || status > 499 ? `status ${status}` : '',
        contentType.startsWith('application/problem+json') ? '' : `content-type ${contentType || 'none'}`,
        typeof code === 'string' && code ? '' : 'no code',
        probe.code && code !== probe.code ? `code ${String(code)}, not ${probe.code}` : '',
      ].filter(Boolean);
      return wrong.length ? [`${probe.operation} [${probe.item}]: ${wrong.join(', ')}: ${text.slice(0, 160)}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it("names every refused field in Spanish, not in the validator's English", () => {
    const campos = outcomes.flatMap(({ probe, text }) => {
      let fields: { field: string; message: string }[] = [];
      try {
        fields = (JSON.parse(text) as { fields?: typeof fields }).fields ?? [];
      } catch {
        fields = [];
      }
      return fields.map((f) => `${probe.operation} [${probe.item}]: ${f.field}: ${f.message}`);
    });
    expect(campos.length).toBeGreaterThan(100);
    expect(campos.filter((c) => /\b(must|should|each value)\b/.test(c.slice(c.lastIndexOf(': '))))).toEqual([]);
  });

  it('writes nothing: every table of every schema holds what it held before the sweep', async () => {
    const after = await quiet();
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter((table) => before.get(table) !== after.get(table))
      .map((table) => `${table}: ${before.get(table)} → ${after.get(table)}`);
    expect(changed).toEqual([]);
    expect(before.size).toBeGreaterThan(20);
  });

  it('leaves every app ready', async () => {
    const ready = await Promise.all(procesos.map(async (p) => [p.url, (await fetch(`${p.url}/health/ready`)).status]));
    expect(ready.filter(([, status]) => status !== 200)).toEqual([]);
  });
});
