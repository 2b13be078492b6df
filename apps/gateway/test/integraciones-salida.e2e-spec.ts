import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient } from '@mesa/shared/bus';
import { AccionesMovimiento, EstadoDocumento, MovimientoDocumentoEvent } from '@mesa/shared/contracts';
import { esperar, InstitucionExterna } from '../../integraciones-service/test/institucion-externa';
import { Api, arrancarIntegraciones, SuiteIntegraciones } from './integraciones.support';
import { nuevoDocumento } from './support';

/**
 * Outbound sends against a real HTTP server on loopback standing in for the other institution:
 * success, retries with growing delays into the DLQ and replay, timeout, and the circuit breaker.
 */
describe('integraciones: outbound sends', () => {
  let suite: SuiteIntegraciones;
  let admin: Api;
  let mesa: Api;
  let db: Client;
  let externa: InstitucionExterna;
  const marca = randomUUID().slice(0, 6).toUpperCase();

  beforeAll(async () => {
    // The other institution is on loopback, which the outbound policy refuses unless named.
    suite = await arrancarIntegraciones({ INTEGRATIONS_ALLOWED_HOSTS: '127.0.0.1' });
    ({ admin, mesa, db, externa } = suite);
  });

  afterAll(() => suite?.cerrar());

  beforeEach(() => {
    externa.modo = { tipo: 'ok' };
    externa.exigirFirma = false;
  });

  const crear = async (codigo: string, over: Record<string, unknown> = {}) => {
    const r = await admin('POST', '/integraciones', {
      codigo: `${codigo}-${marca}`,
      nombre: `Institución ${codigo}`,
      tipo: 'WEBHOOK',
      urlBase: `${externa.url}/recepcion`,
      tipoAutenticacion: 'BEARER',
      credenciales: { token: `token-${codigo}-${marca}` },
      maxReintentos: 3,
      reintentoBaseMs: 200,
      ...over,
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; webhookSecret: string; apiKey: string };
  };

  const documento = async () => {
    const r = await mesa('POST', '/documentos', nuevoDocumento({ asunto: `Oficio ${randomUUID().slice(0, 8)}` }));
    expect(r.status).toBe(201);
    return r.body as { id: string; numeroExpediente: string; asunto: string };
  };

  const log = async (integracionId: string, query = '') =>
    (await admin('GET', `/integraciones/${integracionId}/log?limit=100${query}`)).body.items as any[];

  it('sends a subscribed event signed, authenticated and mapped, and logs the response code and time', async () => {
    const integ = await crear('OK', {
      eventos: ['documento.registrado'],
      mapeoCampos: { numeroExpediente: 'expediente', asunto: 'materia', id: 'id' },
    });
    externa.secreto = integ.webhookSecret;
    const doc = await documento();

    const [recibida] = await esperar(() => externa.envios(doc.id));
    expect(recibida.headers.authorization).toBe(`Bearer token-OK-${marca}`);
    expect(recibida.firmaValida).toBe(true);
    expect(recibida.headers['x-mesa-evento']).toBe('documento.registrado');
    expect(recibida.json).toEqual({
      evento: 'documento.registrado',
      entrega: `sync/${integ.id}/${doc.id}/documento.registrado`,
      documento: { expediente: doc.numeroExpediente, materia: doc.asunto, id: doc.id },
    });

    const [fila] = await esperar(async () =>
      (await log(integ.id)).filter((l) => l.documentoId === doc.id && l.estado === 'EXITOSO'),
    );
    expect(fila).toMatchObject({
      operacion: 'ENVIO',
      evento: 'documento.registrado',
      codigoRespuesta: 200,
      numeroIntento: 1,
      enDlq: false,
      documentoNumeroExpediente: doc.numeroExpediente,
    });
    expect(fila.idExterno).toMatch(/^EXT-\d+$/);
    expect(typeof fila.tiempoRespuestaMs).toBe('number');
    expect((await admin('GET', `/integraciones/${integ.id}`)).body).toMatchObject({
      estadoConexion: 'CONECTADO',
      fallosConsecutivos: 0,
    });
    // Later documents are not sent to a deactivated integration.
    expect((await admin('POST', `/integraciones/${integ.id}/desactivar`)).body.activa).toBe(false);
    externa.secreto = null;
  });

  it('sends on derivacion.creada and documento.atendido to the integrations subscribed to each, once per event', async () => {
    const derivaciones = await crear('DERIVA', { eventos: ['derivacion.creada'] });
    const atenciones = await crear('ATIENDE', { eventos: ['documento.atendido'] });
    const doc = await documento();
    const emisor = new RedisStreamsClient({
      redisUrl: process.env.REDIS_URL as string,
      service: 'derivaciones',
      keyPrefix: process.env.REDIS_KEY_PREFIX,
    });
    await emisor.connect();
    try {
      // A whole movement, as derivaciones-service emits it (documentos-service consumes it too).
      const derivacion: MovimientoDocumentoEvent = {
        derivacionId: randomUUID(),
        numeroDerivacion: 'DER-TEST-1',
        documentoId: doc.id,
        accion: AccionesMovimiento.DERIVACION,
        secuencia: 1,
        estado: EstadoDocumento.EN_PROCESO,
        areaActualId: 2,
        areaOrigenId: null,
        areaDestinoId: 2,
        usuarioId: null,
        texto: 'Para su atención',
        fecha: new Date().toISOString(),
      };
      // Delivered twice (at least once): one job, one send.
      await firstValueFrom(emisor.emit('derivacion.creada', derivacion), { defaultValue: undefined });
      await firstValueFrom(emisor.emit('derivacion.creada', derivacion), { defaultValue: undefined });
      await firstValueFrom(emisor.emit('documento.atendido', { id: doc.id, numeroExpediente: doc.numeroExpediente }), {
        defaultValue: undefined,
      });
    } finally {
      await emisor.close();
    }
    const enviados = await esperar(() => {
      const r = externa.envios(doc.id);
      return r.length >= 2 && r;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(
      externa
        .envios(doc.id)
        .map((r) => r.json.evento)
        .sort(),
    ).toEqual(['derivacion.creada', 'documento.atendido']);
    expect(enviados.find((r) => r.json.evento === 'derivacion.creada')?.json.entrega).toBe(
      `sync/${derivaciones.id}/${doc.id}/derivacion.creada`,
    );
    expect(enviados.find((r) => r.json.evento === 'documento.atendido')?.json.entrega).toBe(
      `sync/${atenciones.id}/${doc.id}/documento.atendido`,
    );
    await admin('POST', `/integraciones/${derivaciones.id}/desactivar`);
    await admin('POST', `/integraciones/${atenciones.id}/desactivar`);
  });

  it('retries a failing endpoint with growing delays, dead-letters it, and the replay succeeds once it recovers', async () => {
    const integ = await crear('FALLA');
    const doc = await documento();
    externa.modo = { tipo: 'status', status: 500 };
    expect((await admin('POST', `/integraciones/${integ.id}/enviar/${doc.id}`)).status).toBe(202);

    const intentos = await esperar(async () => {
      const filas = (await log(integ.id)).filter((l) => l.documentoId === doc.id);
      return filas.length === 3 && filas;
    });
    const [tercero, segundo, primero] = intentos; // newest first
    expect(intentos.map((l) => [l.numeroIntento, l.estado, l.codigoRespuesta, l.enDlq])).toEqual([
      [3, 'ERROR', 500, true],
      [2, 'REINTENTANDO', 500, false],
      [1, 'REINTENTANDO', 500, false],
    ]);
    // The status only: the other side's body ({"error":"falla simulada"}) is not kept.
    expect(intentos.map((l) => l.mensajeError)).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500']);
    const guardados = await db.query(`SELECT mensaje_error FROM integraciones.log_sincronizacion WHERE integracion_id = $1`, [integ.id]);
    expect(guardados.rows.map((f) => f.mensaje_error)).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500']);
    const espera = (l: any) => Date.parse(l.fechaProximoReintento) - Date.parse(l.createdAt);
    expect(espera(primero)).toBeGreaterThanOrEqual(150);
    expect(espera(segundo)).toBeGreaterThan(espera(primero));
    expect(tercero.fechaProximoReintento).toBeNull();
    // The retries came when announced, not before.
    expect(Date.parse(segundo.createdAt)).toBeGreaterThanOrEqual(Date.parse(primero.fechaProximoReintento) - 5);
    expect(externa.envios(doc.id)).toHaveLength(3);

    const dlq = (await admin('GET', `/integraciones/${integ.id}/dlq`)).body.items as any[];
    expect(dlq.map((l) => l.id)).toEqual([tercero.id]);

    externa.modo = { tipo: 'ok' };
    const replay = await admin('POST', `/integraciones/${integ.id}/dlq/${tercero.id}/reintentar`);
    expect(replay.status).toBe(202);
    await esperar(async () => (await log(integ.id, '&estado=EXITOSO')).some((l) => l.documentoId === doc.id));
    expect(externa.envios(doc.id)).toHaveLength(4);
    expect((await admin('GET', `/integraciones/${integ.id}/dlq`)).body.items).toEqual([]);
    // Replayed once: a second replay of the same row finds nothing.
    expect((await admin('POST', `/integraciones/${integ.id}/dlq/${tercero.id}/reintentar`)).body.code).toBe(
      'LOG_SINCRONIZACION_NOT_FOUND',
    );
  });

  it('does not retry a 4xx other than 408/429: straight to the DLQ', async () => {
    const integ = await crear('RECHAZA', { maxReintentos: 5 });
    const doc = await documento();
    externa.modo = { tipo: 'status', status: 422 };
    await admin('POST', `/integraciones/${integ.id}/enviar/${doc.id}`);
    const [fila] = await esperar(async () => (await log(integ.id)).filter((l) => l.documentoId === doc.id));
    expect(fila).toMatchObject({ numeroIntento: 1, estado: 'ERROR', codigoRespuesta: 422, enDlq: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(externa.envios(doc.id)).toHaveLength(1);
  });

  it('logs a slow endpoint as a timeout', async () => {
    const integ = await crear('LENTO', { timeoutMs: 200, maxReintentos: 1 });
    const doc = await documento();
    externa.modo = { tipo: 'lento', ms: 3000 };
    await admin('POST', `/integraciones/${integ.id}/enviar/${doc.id}`);
    const [fila] = await esperar(async () => (await log(integ.id)).filter((l) => l.documentoId === doc.id));
    expect(fila).toMatchObject({
      estado: 'ERROR',
      codigoRespuesta: null,
      enDlq: true,
      mensajeError: 'Tiempo de espera agotado (200 ms)',
    });
    expect(fila.tiempoRespuestaMs).toBeGreaterThanOrEqual(190);
  });

  it('opens the circuit after repeated failures, holds sends without spending attempts, and delivers them all after recovery', async () => {
    const integ = await crear('CIRCUITO', {
      umbralCircuito: 2,
      esperaCircuitoMs: 1000,
      maxReintentos: 10,
      reintentoBaseMs: 100,
    });
    const docs = [await documento(), await documento(), await documento(), await documento()];
    externa.modo = { tipo: 'status', status: 503 };
    for (const d of docs) expect((await admin('POST', `/integraciones/${integ.id}/enviar/${d.id}`)).status).toBe(202);

    await esperar(async () => (await admin('GET', `/integraciones/${integ.id}`)).body.estadoConexion === 'ERROR');
    const alAbrir = externa.recibidas.length;
    const probe = await admin('POST', `/integraciones/${integ.id}/probar`);
    expect(probe.body).toEqual({ estadoConexion: 'ERROR', resultado: 'INALCANZABLE', tiempoRespuestaMs: expect.any(Number) });
    // While open, only one trial per period (1 s) goes through. Unheld, 4 sends retrying from
    // 100 ms would make some 16 calls in these 2.5 s; held, at most the calls already in flight
    // when it opened, the probe and a trial per period. A slower machine only makes fewer.
    await new Promise((r) => setTimeout(r, 2500));
    expect(externa.recibidas.length - alAbrir).toBeLessThanOrEqual(9);
    expect((await admin('GET', `/integraciones/${integ.id}/dlq`)).body.items).toEqual([]);

    externa.modo = { tipo: 'ok' };
    const ok = await admin('POST', `/integraciones/${integ.id}/probar`);
    expect(ok.body).toEqual({ estadoConexion: 'CONECTADO', resultado: 'ALCANZABLE', tiempoRespuestaMs: expect.any(Number) });
    expect(typeof ok.body.tiempoRespuestaMs).toBe('number');
    const tras = (await admin('GET', `/integraciones/${integ.id}`)).body;
    expect(tras).toMatchObject({ estadoConexion: 'CONECTADO', fallosConsecutivos: 0 });
    expect(typeof tras.tiempoRespuestaPruebaMs).toBe('number');

    await esperar(async () => {
      const exitosos = new Set((await log(integ.id, '&estado=EXITOSO')).map((l) => l.documentoId));
      return docs.every((d) => exitosos.has(d.id));
    }, 30_000);
    expect((await admin('GET', `/integraciones/${integ.id}/dlq`)).body.items).toEqual([]);
  });

  it('answers statistics: success rate, latency percentiles and failures by code, per integration and overall', async () => {
    const integ = await crear('STATS', { maxReintentos: 1 });
    const docs = [await documento(), await documento(), await documento()];
    await admin('POST', `/integraciones/${integ.id}/enviar/${docs[0].id}`);
    await admin('POST', `/integraciones/${integ.id}/enviar/${docs[1].id}`);
    await esperar(async () => (await log(integ.id)).length === 2);
    externa.modo = { tipo: 'status', status: 502 };
    await admin('POST', `/integraciones/${integ.id}/enviar/${docs[2].id}`);
    await esperar(async () => (await log(integ.id)).length === 3);

    const s = (await admin('GET', `/integraciones/${integ.id}/estadisticas`)).body;
    expect(s).toMatchObject({
      intentos: 3,
      exitosos: 2,
      fallidos: 1,
      tasaExito: 0.6667,
      enDlq: 1,
      fallosPorCodigo: [{ codigoRespuesta: 502, total: 1 }],
    });
    expect(s.latenciaMs.p50).toBeGreaterThanOrEqual(0);
    expect(s.latenciaMs.p99).toBeGreaterThanOrEqual(s.latenciaMs.p50);

    const g = (await admin('GET', '/integraciones/estadisticas')).body;
    const mia = g.porIntegracion.find((p: any) => p.integracionId === integ.id);
    expect(mia).toMatchObject({ codigo: `STATS-${marca}`, intentos: 3, tasaExito: 0.6667 });
    expect(g.intentos).toBeGreaterThanOrEqual(3);
    // An empty window has no attempts and no rates.
    const vacia = (
      await admin(
        'GET',
        `/integraciones/${integ.id}/estadisticas?desde=2020-01-01T00:00:00Z&hasta=2020-01-02T00:00:00Z`,
      )
    ).body;
    expect(vacia).toMatchObject({ intentos: 0, tasaExito: null, latenciaMs: { p50: null }, fallosPorCodigo: [] });
  });

  it('pages the log by cursor and filters it', async () => {
    const integ = await crear('PAGINA', { maxReintentos: 1 });
    for (let n = 0; n < 5; n++) await admin('POST', `/integraciones/${integ.id}/enviar/${(await documento()).id}`);
    await esperar(async () => (await log(integ.id)).length === 5);
    const p1 = (await admin('GET', `/integraciones/${integ.id}/log?limit=2`)).body;
    const p2 = (await admin('GET', `/integraciones/${integ.id}/log?limit=2&cursor=${p1.nextCursor}`)).body;
    const p3 = (await admin('GET', `/integraciones/${integ.id}/log?limit=2&cursor=${p2.nextCursor}`)).body;
    const ids = [...p1.items, ...p2.items, ...p3.items].map((l: any) => l.id);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toEqual((await log(integ.id)).map((l) => l.id));
    expect(p3.nextCursor).toBeNull();
    expect((await admin('GET', `/integraciones/${integ.id}/log?estado=ERROR`)).body.items).toEqual([]);
    expect(
      (await admin('GET', `/integraciones/${integ.id}/log?operacion=ENVIO&hasta=2020-01-01T00:00:00Z`)).body.items,
    ).toEqual([]);
    expect((await admin('GET', `/integraciones/${integ.id}/log?cursor=basura`)).status).toBe(400);
    expect((await mesa('GET', `/integraciones/${integ.id}/log`)).status).toBe(403);
  });
});
