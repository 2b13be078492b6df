import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { derivacionesApp } from '../../derivaciones-service/src/app.definition';
import { requestHash } from '../src/idempotencia/request-hash';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo, waitFor } from './support';

type Api = ReturnType<typeof api>;
type Answer = Awaited<ReturnType<Api>>;

/**
 * A bus timeout is an unknown outcome, not a failure. Here the service's write is held on a row
 * lock past the gateway's deadline, so the first request answers 504 while its write is still
 * to commit; the retries with the same key must then answer that write, never make a second one.
 */
describe('Idempotency-Key after a timeout: recorded at the write', () => {
  const BUS_TIMEOUT_MS = 1_000;
  let documentos: RunningApp;
  let derivaciones: RunningApp;
  let gateway: RunningApp;
  let pg: Client;
  let mesa: Api;
  let mesaId: string;
  const run = randomUUID().slice(0, 8);

  /** Holds `sql`'s row locks in an open transaction until the returned function is called. */
  async function bloquear(sql: string, params: unknown[]): Promise<() => Promise<void>> {
    const c = new Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query('BEGIN');
    const { rowCount } = await c.query(sql, params);
    expect(rowCount).toBe(1);
    return async () => {
      await c.query('COMMIT');
      await c.end();
    };
  }

  /** Retries with the same key until a 2xx, honouring Retry-After; returns every answer. */
  async function hastaAceptada(send: () => Promise<Answer>): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i++) {
      const a = await send();
      answers.push(a);
      if (a.status < 300) return answers;
      expect([409, 503, 504]).toContain(a.status);
      const after = Number(a.headers.get('retry-after') ?? 0);
      await new Promise((r) => setTimeout(r, Math.max(after * 1000, 200)));
    }
    throw new Error(`never accepted: ${answers.map((a) => a.status).join(',')}`);
  }

  beforeAll(async () => {
    await seedDemo();
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    // The locks make slow queries on purpose: not worth a log line each.
    const quiet = { DB_SLOW_QUERY_MS: '60000' };
    documentos = await boot(documentosApp, quiet);
    derivaciones = await boot(derivacionesApp, quiet);
    gateway = await boot(gatewayApp, { BUS_REQUEST_TIMEOUT_MS: String(BUS_TIMEOUT_MS) });
    mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    mesaId = (await pg.query("SELECT id FROM gateway.usuario WHERE username = 'mesa'")).rows[0].id;
    // The year's case counter exists once a document is registered; the tests lock that row.
    expect((await mesa('POST', '/documentos', nuevoDocumento({ remitente: `Contador ${run}` }))).status).toBe(201);
  });

  afterAll(async () => {
    await gateway?.close();
    await derivaciones?.close();
    await documentos?.close();
    await pg?.end();
  });

  const cuenta = async (remitente: string) =>
    (await pg.query('SELECT numero_expediente FROM documentos.documento WHERE remitente = $1', [remitente])).rows.map(
      (r) => r.numero_expediente as string,
    );

  it('a registration that timed out and then committed is answered to its retries, and registered once', async () => {
    const remitente = `Tardía ${run}`;
    const key = `tarde-${run}`;
    const body = nuevoDocumento({ remitente });
    const soltar = await bloquear('SELECT 1 FROM documentos.contador_expediente ORDER BY anio DESC LIMIT 1 FOR UPDATE', []);
    const primera = await mesa('POST', '/documentos', body, { 'idempotency-key': key });
    expect(primera.status).toBe(504);
    // The gateway keeps the claim: its outcome is unknown. Meanwhile the write is still waiting.
    const claim = await pg.query('SELECT status_code FROM gateway.idempotencia WHERE key = $1 AND usuario_id = $2', [key, mesaId]);
    expect(claim.rows).toEqual([{ status_code: null }]);
    await soltar();
    await waitFor(async () => (await cuenta(remitente)).length === 1);

    const answers = await hastaAceptada(() => mesa('POST', '/documentos', body, { 'idempotency-key': key }));
    const final = answers[answers.length - 1];
    expect(final.status).toBe(201);
    expect(await cuenta(remitente)).toEqual([final.body.numeroExpediente]);
    // The answer is the first execution's, tracking code included, as the service stored it.
    const stored = await pg.query('SELECT respuesta FROM documentos.idempotencia WHERE key = $1 AND usuario_id = $2', [key, mesaId]);
    expect(stored.rows[0].respuesta[0]).toEqual(final.body);
    expect(final.body.codigoSeguimiento).toEqual(expect.any(String));
  });

  it('a routing that timed out and then committed is answered to its retries, not refused as already moved', async () => {
    const registrado = await mesa('POST', '/documentos', nuevoDocumento({ remitente: `Derivada ${run}` }));
    const documentoId = registrado.body.id as string;
    const { rows: areas } = await pg.query("SELECT id FROM documentos.area WHERE codigo = 'DG'");
    // derivaciones copies the document when it hears of it; the routing locks that copy first.
    await waitFor(async () => (await pg.query('SELECT 1 FROM derivaciones.documento_ref WHERE documento_id = $1', [documentoId])).rowCount === 1);
    const body = { documentoId, areaDestinoId: areas[0].id, instrucciones: 'Tras un corte' };
    const key = `derivar-tarde-${run}`;
    const soltar = await bloquear('SELECT 1 FROM derivaciones.documento_ref WHERE documento_id = $1 FOR UPDATE', [documentoId]);
    expect((await mesa('POST', '/derivaciones', body, { 'idempotency-key': key })).status).toBe(504);
    await soltar();
    const contar = async () =>
      (await pg.query('SELECT numero_derivacion FROM derivaciones.derivacion WHERE documento_id = $1', [documentoId])).rows.map(
        (r) => r.numero_derivacion as string,
      );
    await waitFor(async () => (await contar()).length === 1);

    const answers = await hastaAceptada(() => mesa('POST', '/derivaciones', body, { 'idempotency-key': key }));
    const final = answers[answers.length - 1];
    expect(final.status).toBe(201);
    expect(await contar()).toEqual([final.body.numeroDerivacion]);
  });

  it('a retry while the first request may still run waits, then answers 409 IDEMPOTENCY_IN_PROGRESS with Retry-After', async () => {
    const key = `en-curso-${run}`;
    const body = nuevoDocumento({ remitente: `En curso ${run}` });
    // A claim as a gateway leaves it the moment it sent the request.
    await pg.query(
      `INSERT INTO gateway.idempotencia (key, usuario_id, request_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`,
      [key, mesaId, requestHash('POST', '/api/v1/documentos', body)],
    );
    const res = await mesa('POST', '/documentos', body, { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await cuenta(`En curso ${run}`)).toEqual([]);
  });

  it('a claim past the bus deadline is taken over: the retry executes (once) when the first never ran', async () => {
    const remitente = `Sin ejecutar ${run}`;
    const key = `huerfana-${run}`;
    const body = nuevoDocumento({ remitente });
    // A gateway that claimed the key and died before sending: nothing was written anywhere.
    await pg.query(
      `INSERT INTO gateway.idempotencia (key, usuario_id, request_hash, created_at, expires_at)
       VALUES ($1, $2, $3, now() - interval '1 minute', now() + interval '1 hour')`,
      [key, mesaId, requestHash('POST', '/api/v1/documentos', body)],
    );
    const res = await mesa('POST', '/documentos', body, { 'idempotency-key': key });
    expect(res.status).toBe(201);
    expect(await cuenta(remitente)).toEqual([res.body.numeroExpediente]);
  });

  it('a refused request (4xx) releases its claim at both ends: a corrected retry registers', async () => {
    const remitente = `Corregida ${run}`;
    const key = `corregida-${run}`;
    const mala = await mesa('POST', '/documentos', nuevoDocumento({ remitente, tipoDocumentoId: 999_999 }), { 'idempotency-key': key });
    expect(mala.status).toBe(400);
    const keys = await pg.query('SELECT 1 FROM documentos.idempotencia WHERE key = $1', [key]);
    expect(keys.rowCount).toBe(0);
    const buena = await mesa('POST', '/documentos', nuevoDocumento({ remitente }), { 'idempotency-key': key });
    expect(buena.status).toBe(201);
    expect(await cuenta(remitente)).toHaveLength(1);
  });
});
