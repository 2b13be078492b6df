import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { integracionesApp } from '../../integraciones-service/src/app.definition';
import { api, boot, documentosApp, gatewayApp, login, seedDemo } from './support';

interface Integ {
  id: string;
  codigo: string;
  apiKey: string;
  webhookSecret: string;
}

/** As the other system signs: timestamp, method, path with query, body. */
const firmar = (secreto: string, ts: string, metodo: string, ruta: string, cuerpo: string) =>
  `sha256=${createHmac('sha256', secreto).update(`${ts}.${metodo}.${ruta}.${cuerpo}`).digest('hex')}`;
const ahora = () => String(Math.floor(Date.now() / 1000));

/**
 * Documents other systems send us: API key plus an HMAC signature with a timestamp; stale
 * timestamps, replayed request ids, bad signatures and unknown keys get 401 and register nothing;
 * the same document sent again (even concurrently) is one case.
 */
describe('integraciones: inbound documents', () => {
  let apps: RunningApp[];
  let url: string;
  let admin: ReturnType<typeof api>;
  let db: Client;
  const marca = randomUUID().slice(0, 6).toUpperCase();
  let integ: Integ;

  const crear = async (codigo: string, over: Record<string, unknown> = {}): Promise<Integ> => {
    const r = await admin('POST', '/integraciones', {
      codigo: `${codigo}-${marca}`,
      nombre: `Sistema ${codigo}`,
      tipo: 'API_REST',
      ...over,
    });
    expect(r.status).toBe(201);
    return r.body;
  };

  beforeAll(async () => {
    await seedDemo();
    apps = [await boot(documentosApp), await boot(integracionesApp), await boot(gatewayApp)];
    url = apps[2].url;
    admin = api(url, await login(url, 'admin'));
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    integ = await crear('ENTRA');
  });

  afterAll(async () => {
    await db?.end();
    for (const app of [...(apps ?? [])].reverse()) await app.close();
  });

  const cuerpo = (idExterno: string, idSolicitud = randomUUID()) => ({
    idSolicitud,
    idExterno,
    documento: {
      tipoDocumentoId: 1,
      remitente: 'Municipalidad Distrital de Ate',
      asunto: 'Remite expediente de licencia',
      numeroFolios: 12,
      prioridad: 'ALTA',
    },
  });

  /** A signed call as the other system makes it; `cambiar` tampers with one part. */
  const llamar = async (
    i: Integ,
    metodo: 'POST' | 'GET',
    ruta: string,
    body?: unknown,
    cambiar: {
      ts?: string;
      firma?: string;
      apiKey?: string | null;
      cuerpoEnviado?: string;
      secreto?: string;
      /** The path actually requested, when it differs from the one signed. */
      rutaEnviada?: string;
    } = {},
  ) => {
    const texto = body === undefined ? '' : JSON.stringify(body);
    const ts = cambiar.ts ?? ahora();
    const path = `/api/v1/integracion/${ruta}`;
    const headers: Record<string, string> = {
      'x-mesa-timestamp': ts,
      'x-mesa-firma': cambiar.firma ?? firmar(cambiar.secreto ?? i.webhookSecret, ts, metodo, path, texto),
    };
    if (cambiar.apiKey !== null) headers['x-api-key'] = cambiar.apiKey ?? i.apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${cambiar.rutaEnviada ?? path}`, {
      method: metodo,
      headers,
      body: body === undefined ? undefined : (cambiar.cuerpoEnviado ?? texto),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  const registrados = async (idExterno: string) =>
    (
      await db.query(
        `SELECT id, numero_expediente, origen_externo, usuario_registro_id FROM documentos.documento WHERE id_externo = $1`,
        [idExterno],
      )
    ).rows;

  it('registers a signed document under the integration as origin and answers its state', async () => {
    const idExterno = `OF-${randomUUID()}`;
    const r = await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ idExterno, estado: 'REGISTRADO' });
    expect(r.body.numeroExpediente).toMatch(/^EXP-\d{4}-\d{6}$/);
    expect(await registrados(idExterno)).toEqual([
      {
        id: r.body.documentoId,
        numero_expediente: r.body.numeroExpediente,
        origen_externo: integ.codigo,
        usuario_registro_id: integ.id,
      },
    ]);

    const estado = await llamar(integ, 'GET', `estado/${encodeURIComponent(idExterno)}`);
    expect(estado.status).toBe(200);
    expect(estado.body).toMatchObject({
      idExterno,
      documentoId: r.body.documentoId,
      numeroExpediente: r.body.numeroExpediente,
      estado: 'REGISTRADO',
    });

    const log = (await admin('GET', `/integraciones/${integ.id}/log?operacion=RECEPCION`)).body.items;
    expect(log.find((l: any) => l.idExterno === idExterno)).toMatchObject({
      estado: 'EXITOSO',
      documentoId: r.body.documentoId,
    });
  });

  it('answers the same case for the same document sent 5 times, 3 of them at once', async () => {
    const idExterno = `OF-${randomUUID()}`;
    const paralelas = await Promise.all(
      [1, 2, 3].map(() => llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno))),
    );
    const luego = [
      await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno)),
      await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno)),
    ];
    const todas = [...paralelas, ...luego];
    expect(todas.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(todas.map((r) => r.body.documentoId)).size).toBe(1);
    expect(new Set(todas.map((r) => r.body.numeroExpediente)).size).toBe(1);
    expect(await registrados(idExterno)).toHaveLength(1);
  });

  it.each([
    ['a bad signature', { firma: 'sha256=' + '0'.repeat(64) }, 'ENTRANTE_NO_AUTENTICADO'],
    ['a signature with another secret', { secreto: 'whsec_otro_secreto_cualquiera' }, 'ENTRANTE_NO_AUTENTICADO'],
    ['a timestamp older than 5 minutes', { ts: String(Math.floor(Date.now() / 1000) - 301) }, 'FIRMA_VENCIDA'],
    ['a timestamp in the future', { ts: String(Math.floor(Date.now() / 1000) + 600) }, 'FIRMA_VENCIDA'],
    ['an unknown API key', { apiKey: 'ik_desconocida' }, 'ENTRANTE_NO_AUTENTICADO'],
    ['no API key', { apiKey: null }, 'ENTRANTE_NO_AUTENTICADO'],
  ])('refuses %s with 401 and registers nothing', async (_caso, cambiar, code) => {
    const idExterno = `OF-${randomUUID()}`;
    const r = await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno), cambiar);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe(code);
    expect(await registrados(idExterno)).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const idExterno = `OF-${randomUUID()}`;
    const firmado = cuerpo(idExterno);
    const otro = JSON.stringify({ ...firmado, idExterno: `${idExterno}-X` });
    const r = await llamar(integ, 'POST', 'recibir-documento', firmado, { cuerpoEnviado: otro });
    expect([r.status, r.body.code]).toEqual([401, 'ENTRANTE_NO_AUTENTICADO']);
    expect(await registrados(`${idExterno}-X`)).toEqual([]);
  });

  it('refuses a POST to an encoded path signed over an empty body: the raw body is kept by route', async () => {
    // What a GET of /estado signs (timestamp and empty body) used to be accepted for any POST
    // whose path escaped the prefix test, as the router decodes %69 to i.
    const idExterno = `OF-${randomUUID()}`;
    const ts = ahora();
    const texto = JSON.stringify(cuerpo(idExterno));
    for (const firma of [
      firmar(integ.webhookSecret, ts, 'POST', '/api/v1/%69ntegracion/recibir-documento', ''),
      `sha256=${createHmac('sha256', integ.webhookSecret).update(`${ts}.`).digest('hex')}`,
    ]) {
      const res = await fetch(`${url}/api/v1/%69ntegracion/recibir-documento`, {
        method: 'POST',
        headers: { 'x-api-key': integ.apiKey, 'x-mesa-timestamp': ts, 'x-mesa-firma': firma, 'content-type': 'application/json' },
        body: texto,
      });
      expect(res.status).toBe(401);
    }
    // Signed as sent, the encoded path is the same route and works.
    const ok = await fetch(`${url}/api/v1/%69ntegracion/recibir-documento`, {
      method: 'POST',
      headers: {
        'x-api-key': integ.apiKey,
        'x-mesa-timestamp': ts,
        'x-mesa-firma': firmar(integ.webhookSecret, ts, 'POST', '/api/v1/%69ntegracion/recibir-documento', texto),
        'content-type': 'application/json',
      },
      body: texto,
    });
    expect(ok.status).toBe(200);
    expect(await registrados(idExterno)).toHaveLength(1);
  });

  it('a GET signature cannot be replayed against another document, path or method', async () => {
    const idExterno = `OF-${randomUUID()}`;
    expect((await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno))).status).toBe(200);
    const ts = ahora();
    const firma = firmar(integ.webhookSecret, ts, 'GET', `/api/v1/integracion/estado/${idExterno}`, '');
    const pedir = (ruta: string) =>
      fetch(`${url}${ruta}`, { headers: { 'x-api-key': integ.apiKey, 'x-mesa-timestamp': ts, 'x-mesa-firma': firma } });
    expect((await pedir(`/api/v1/integracion/estado/${idExterno}`)).status).toBe(200);
    expect((await pedir(`/api/v1/integracion/estado/OF-${randomUUID()}`)).status).toBe(401);
    expect((await pedir(`/api/v1/integracion/estado/${idExterno}?x=1`)).status).toBe(401);
  });

  it('answers a wrong key and a wrong signature alike, and spends no quota on either', async () => {
    const limitada = await crear('CUOTA', { limiteEntrantePorMinuto: 1 });
    const sinClave = await llamar(limitada, 'POST', 'recibir-documento', cuerpo(`OF-${randomUUID()}`), { apiKey: 'ik_desconocida' });
    const sinFirma = await llamar(limitada, 'POST', 'recibir-documento', cuerpo(`OF-${randomUUID()}`), { firma: 'sha256=00' });
    expect([sinFirma.status, sinFirma.body]).toEqual([sinClave.status, sinClave.body]);
    for (let n = 0; n < 3; n++) {
      expect((await llamar(limitada, 'POST', 'recibir-documento', cuerpo(`OF-${randomUUID()}`), { firma: 'sha256=00' })).status).toBe(401);
    }
    // The one request of the minute is still there for the real sender.
    expect((await llamar(limitada, 'POST', 'recibir-documento', cuerpo(`OF-${randomUUID()}`))).status).toBe(200);
  });

  it('refuses a replayed request id, even correctly signed, and registers nothing more', async () => {
    const idExterno = `OF-${randomUUID()}`;
    const idSolicitud = randomUUID();
    expect((await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno, idSolicitud))).status).toBe(200);
    const otroDoc = `OF-${randomUUID()}`;
    const replay = await llamar(integ, 'POST', 'recibir-documento', cuerpo(otroDoc, idSolicitud));
    expect([replay.status, replay.body.code]).toEqual([401, 'SOLICITUD_REPETIDA']);
    expect(await registrados(otroDoc)).toEqual([]);
  });

  it('validates the signed body, and a refused registration leaves the request id usable', async () => {
    const idExterno = `OF-${randomUUID()}`;
    const malo = { ...cuerpo(idExterno), documento: { asunto: 'x' } };
    const r = await llamar(integ, 'POST', 'recibir-documento', malo);
    expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const idSolicitud = randomUUID();
    const tipoInexistente = {
      ...cuerpo(idExterno, idSolicitud),
      documento: { ...cuerpo(idExterno).documento, tipoDocumentoId: 999999 },
    };
    expect((await llamar(integ, 'POST', 'recibir-documento', tipoInexistente)).body.code).toBe(
      'TIPO_DOCUMENTO_INVALIDO',
    );
    expect((await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno, idSolicitud))).status).toBe(200);
  });

  it("answers the state only of the integration's own documents", async () => {
    const otra = await crear('OTRA');
    const idExterno = `OF-${randomUUID()}`;
    expect((await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno))).status).toBe(200);
    const ajena = await llamar(otra, 'GET', `estado/${idExterno}`);
    expect([ajena.status, ajena.body.code]).toEqual([404, 'DOCUMENTO_EXTERNO_NOT_FOUND']);
    expect((await llamar(integ, 'GET', `estado/NO-EXISTE-${marca}`)).status).toBe(404);
    expect((await llamar(integ, 'GET', `estado/${idExterno}`, undefined, { firma: 'sha256=00' })).status).toBe(401);
  });

  it('limits each integration per minute (429) and refuses a deactivated one', async () => {
    const limitada = await crear('LIMITE', { limiteEntrantePorMinuto: 2 });
    const estados = [];
    for (let n = 0; n < 3; n++)
      estados.push((await llamar(limitada, 'POST', 'recibir-documento', cuerpo(`OF-${randomUUID()}`))).status);
    // Two fit in the minute, unless the minute turned between them.
    expect(estados.slice(0, 2)).toEqual([200, 200]);
    expect([429, 200]).toContain(estados[2]);
    const otraVez = await llamar(limitada, 'POST', 'recibir-documento', cuerpo(`OF-${randomUUID()}`));
    expect(estados[2] === 429 || otraVez.status === 429).toBe(true);
    // The limit is per integration: another one is not affected.
    expect((await llamar(integ, 'POST', 'recibir-documento', cuerpo(`OF-${randomUUID()}`))).status).toBe(200);

    expect((await admin('POST', `/integraciones/${integ.id}/desactivar`)).status).toBe(200);
    const idExterno = `OF-${randomUUID()}`;
    const r = await llamar(integ, 'POST', 'recibir-documento', cuerpo(idExterno));
    expect([r.status, r.body.code]).toEqual([401, 'ENTRANTE_NO_AUTENTICADO']);
    expect(await registrados(idExterno)).toEqual([]);
    await admin('POST', `/integraciones/${integ.id}/activar`);
  });
});
