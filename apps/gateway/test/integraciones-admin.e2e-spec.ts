import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { esperar, InstitucionExterna } from '../../integraciones-service/test/institucion-externa';
import { Api, arrancarIntegraciones, SuiteIntegraciones } from './integraciones.support';
import { api, nuevoDocumento } from './support';

/**
 * Administration of integrations (ADMIN only): create, read, update, (de)activate, delete;
 * credentials encrypted at rest, never answered, and rotated.
 */
describe('integraciones: administration and credentials', () => {
  let suite: SuiteIntegraciones;
  let url: string;
  let admin: Api;
  let mesa: Api;
  let db: Client;
  let externa: InstitucionExterna;
  const marca = randomUUID().slice(0, 6).toUpperCase();
  const token = `tok-${randomUUID()}`;

  beforeAll(async () => {
    // The other institution is on loopback, which the outbound policy refuses unless named.
    suite = await arrancarIntegraciones({ INTEGRATIONS_ALLOWED_HOSTS: '127.0.0.1' });
    ({ url, admin, mesa, db, externa } = suite);
  });

  afterAll(() => suite?.cerrar());

  /** A webhook integration with outbound credentials, one attempt per send. */
  const conCredenciales = async (codigo: string, urlBase: string, tipoAutenticacion: string, credenciales: object) => {
    const r = await admin('POST', '/integraciones', { codigo: `${codigo}-${marca}`, nombre: `Integración ${codigo}`, tipo: 'WEBHOOK', urlBase, tipoAutenticacion, credenciales, maxReintentos: 1 });
    expect(r.status).toBe(201);
    return r.body as { id: string };
  };

  const fila = async (id: string) =>
    (await db.query(`SELECT * FROM integraciones.integracion WHERE id = $1`, [id])).rows[0];

  it('creates an integration, answers its generated secrets once, and never its credentials', async () => {
    // Even with an Idempotency-Key, the answer (with the new secrets) is not stored anywhere.
    const r = await admin(
      'POST',
      '/integraciones',
      {
        codigo: `CRUD-${marca}`,
        nombre: 'Registro Nacional',
        tipo: 'API_REST',
        urlBase: externa.url,
        tipoAutenticacion: 'BEARER',
        credenciales: { token },
        mapeoCampos: { numeroExpediente: 'nro' },
        eventos: ['documento.atendido'],
      },
      { 'idempotency-key': `crear-${marca}` },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      codigo: `CRUD-${marca}`,
      tieneCredenciales: true,
      activa: true,
      estadoConexion: 'DESCONECTADO',
      maxReintentos: 5,
      timeoutMs: 10000,
    });
    expect(r.body.apiKey).toMatch(/^ik_/);
    expect(r.body.webhookSecret).toMatch(/^whsec_/);
    expect(JSON.stringify(r.body)).not.toContain(token);

    const leida = (await admin('GET', `/integraciones/${r.body.id}`)).body;
    const lista = (await admin('GET', '/integraciones')).body;
    for (const texto of [JSON.stringify(leida), JSON.stringify(lista)]) {
      expect(texto).not.toContain(token);
      expect(texto).not.toContain(r.body.apiKey);
      expect(texto).not.toContain(r.body.webhookSecret);
    }
    expect(leida).not.toHaveProperty('credenciales');
    expect(leida).not.toHaveProperty('apiKey');

    // At rest: the credentials and the secret are sealed, the API key is only its hash.
    const row = await fila(r.body.id);
    expect(row.credenciales_cifradas).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(row.credenciales_cifradas).not.toContain(token);
    expect(row.webhook_secret_cifrado).not.toContain(r.body.webhookSecret);
    expect(row.api_key_hash).toBe(createHash('sha256').update(r.body.apiKey).digest('hex'));
    const todo = JSON.stringify(row);
    expect(todo).not.toContain(token);
    expect(todo).not.toContain(r.body.apiKey);
    const guardadas = await db.query(`SELECT 1 FROM gateway.idempotencia WHERE response::text LIKE '%' || $1 || '%'`, [
      r.body.apiKey,
    ]);
    expect(guardadas.rows).toEqual([]);
  });

  it('refuses credentials that do not match the authentication type, a duplicate code, and non-admins', async () => {
    const base = { codigo: `VAL-${marca}`, nombre: 'Validación', tipo: 'WEBHOOK', urlBase: externa.url };
    const mal = await admin('POST', '/integraciones', {
      ...base,
      tipoAutenticacion: 'BASIC',
      credenciales: { token: 'x' },
    });
    expect([mal.status, mal.body.code]).toEqual([400, 'INTEGRACION_CREDENCIALES_INVALIDAS']);
    expect((await admin('POST', '/integraciones', { ...base, urlBase: 'ftp://x' })).status).toBe(400);
    expect((await admin('POST', '/integraciones', { ...base, urlBase: 'http://user:pass@host/' })).status).toBe(400);
    expect((await admin('POST', '/integraciones', { ...base, eventos: ['documento.borrado'] })).status).toBe(400);
    expect((await admin('POST', '/integraciones', base)).status).toBe(201);
    const dup = await admin('POST', '/integraciones', base);
    expect([dup.status, dup.body.code]).toEqual([409, 'INTEGRACION_CODIGO_DUPLICADO']);
    expect((await mesa('GET', '/integraciones')).status).toBe(403);
    expect((await mesa('POST', '/integraciones', { ...base, codigo: `MESA-${marca}` })).status).toBe(403);
    expect((await api(url)('GET', '/integraciones')).status).toBe(401);
    expect((await admin('GET', `/integraciones/${randomUUID()}`)).body.code).toBe('INTEGRACION_NOT_FOUND');
    expect((await admin('GET', '/integraciones/no-es-uuid')).status).toBe(404);
  });

  it('rotates credentials: the next send carries the new ones, and the sealed blob changes', async () => {
    const creada = await conCredenciales('ROTA', `${externa.url}/rota`, 'API_KEY', { apiKey: 'clave-vieja-123' });
    const antes = (await fila(creada.id)).credenciales_cifradas;
    const cambio = await admin('PATCH', `/integraciones/${creada.id}`, {
      tipoAutenticacion: 'BASIC',
      credenciales: { usuario: 'mesa', clave: 'clave-nueva-456' },
      timeoutMs: 5000,
    });
    expect(cambio.status).toBe(200);
    expect(cambio.body).toMatchObject({ tipoAutenticacion: 'BASIC', timeoutMs: 5000, tieneCredenciales: true });
    const despues = (await fila(creada.id)).credenciales_cifradas;
    expect(despues).not.toBe(antes);
    expect(despues).not.toContain('clave-nueva-456');

    const doc = (await mesa('POST', '/documentos', nuevoDocumento())).body;
    await admin('POST', `/integraciones/${creada.id}/enviar/${doc.id}`);
    const [r] = await esperar(() => externa.envios(doc.id));
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from('mesa:clave-nueva-456').toString('base64')}`);
    expect(r.headers['x-api-key']).toBeUndefined();

    // Changing the type alone must bring matching credentials.
    expect((await admin('PATCH', `/integraciones/${creada.id}`, { tipoAutenticacion: 'BEARER' })).body.code).toBe(
      'INTEGRACION_CREDENCIALES_INVALIDAS',
    );
    const sinAuth = await admin('PATCH', `/integraciones/${creada.id}`, {
      tipoAutenticacion: 'NONE',
      credenciales: null,
    });
    expect(sinAuth.body).toMatchObject({ tipoAutenticacion: 'NONE', tieneCredenciales: false });
    expect((await fila(creada.id)).credenciales_cifradas).toBeNull();
  });

  it('rotates the inbound API key and signature secret: the old ones stop working at once', async () => {
    const creada = (
      await admin('POST', '/integraciones', { codigo: `SEC-${marca}`, nombre: 'Secretos', tipo: 'API_REST' })
    ).body;
    const llamar = async (apiKey: string, secreto: string) => {
      const body = JSON.stringify({
        idSolicitud: randomUUID(),
        idExterno: `R-${randomUUID()}`,
        documento: {
          tipoDocumentoId: 1,
          remitente: 'Entidad',
          asunto: 'Oficio múltiple',
          numeroFolios: 1,
          prioridad: 'NORMAL',
        },
      });
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${url}/api/v1/integracion/recibir-documento`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': apiKey,
          'x-mesa-timestamp': ts,
          'x-mesa-firma': `sha256=${createHmac('sha256', secreto).update(`${ts}.POST./api/v1/integracion/recibir-documento.${body}`).digest('hex')}`,
        },
        body,
      });
      return res.status;
    };
    expect(await llamar(creada.apiKey, creada.webhookSecret)).toBe(200);
    const nuevos = (
      await admin('POST', `/integraciones/${creada.id}/rotar-secretos`, { apiKey: true, webhookSecret: true })
    ).body;
    expect(nuevos.apiKey).not.toBe(creada.apiKey);
    expect(nuevos.webhookSecret).not.toBe(creada.webhookSecret);
    expect(await llamar(creada.apiKey, creada.webhookSecret)).toBe(401);
    expect(await llamar(nuevos.apiKey, creada.webhookSecret)).toBe(401);
    expect(await llamar(nuevos.apiKey, nuevos.webhookSecret)).toBe(200);
  });

  it('deletes an integration without history and keeps one with history (deactivate instead)', async () => {
    const nueva = (
      await admin('POST', '/integraciones', { codigo: `DEL-${marca}`, nombre: 'Borrable', tipo: 'API_REST' })
    ).body;
    expect((await admin('DELETE', `/integraciones/${nueva.id}`)).status).toBe(204);
    expect((await admin('GET', `/integraciones/${nueva.id}`)).status).toBe(404);
    expect((await admin('DELETE', `/integraciones/${nueva.id}`)).status).toBe(404);

    const usada = (
      await admin('POST', '/integraciones', {
        codigo: `USO-${marca}`,
        nombre: 'Usada',
        tipo: 'WEBHOOK',
        urlBase: externa.url,
        maxReintentos: 1,
      })
    ).body;
    const doc = (await mesa('POST', '/documentos', nuevoDocumento())).body;
    await admin('POST', `/integraciones/${usada.id}/enviar/${doc.id}`);
    await esperar(async () => (await admin('GET', `/integraciones/${usada.id}/log`)).body.items.length > 0);
    const r = await admin('DELETE', `/integraciones/${usada.id}`);
    expect([r.status, r.body.code]).toEqual([409, 'INTEGRACION_CON_HISTORIAL']);
    const sinDoc = await admin('POST', `/integraciones/${usada.id}/enviar/${randomUUID()}`);
    expect([sinDoc.status, sinDoc.body.code]).toEqual([404, 'DOCUMENTO_NOT_FOUND']);
    expect((await admin('POST', `/integraciones/${usada.id}/desactivar`)).body.activa).toBe(false);
    const inactiva = await admin('POST', `/integraciones/${usada.id}/enviar/${doc.id}`);
    expect([inactiva.status, inactiva.body.code]).toEqual([409, 'INTEGRACION_INACTIVA']);
    expect((await admin('POST', `/integraciones/${usada.id}/activar`)).body.activa).toBe(true);
  });

  it('asks for the credentials again when urlBase moves to another host, and never sends the old ones there', async () => {
    const otra = await new InstitucionExterna().iniciar();
    try {
      const viejo = `tok-viejo-${randomUUID()}`;
      const creada = await conCredenciales('HOST', `${externa.url}/a`, 'BEARER', { token: viejo });
      // Another port is another host to a browser and to us: the origin (scheme, host, port) changed.
      const movida = await admin('PATCH', `/integraciones/${creada.id}`, { urlBase: `${otra.url}/b`, timeoutMs: 3000 });
      expect([movida.status, movida.body.code]).toEqual([400, 'INTEGRACION_CREDENCIALES_REQUERIDAS']);
      expect((await admin('GET', `/integraciones/${creada.id}`)).body).toMatchObject({ urlBase: `${externa.url}/a`, timeoutMs: 10000 });
      // Another path on the same host keeps them.
      expect((await admin('PATCH', `/integraciones/${creada.id}`, { urlBase: `${externa.url}/otra-ruta` })).status).toBe(200);

      const doc1 = (await mesa('POST', '/documentos', nuevoDocumento())).body;
      await admin('POST', `/integraciones/${creada.id}/enviar/${doc1.id}`);
      const [r1] = await esperar(() => externa.envios(doc1.id));
      expect([r1.path, r1.headers.authorization]).toEqual(['/otra-ruta', `Bearer ${viejo}`]);

      const nuevo = `tok-nuevo-${randomUUID()}`;
      const conNuevas = await admin('PATCH', `/integraciones/${creada.id}`, { urlBase: `${otra.url}/b`, credenciales: { token: nuevo } });
      expect(conNuevas.status).toBe(200);
      const doc2 = (await mesa('POST', '/documentos', nuevoDocumento())).body;
      await admin('POST', `/integraciones/${creada.id}/enviar/${doc2.id}`);
      const [r2] = await esperar(() => otra.envios(doc2.id));
      expect([r2.path, r2.headers.authorization]).toEqual(['/b', `Bearer ${nuevo}`]);
      // The old token never reached the new host.
      expect(otra.recibidas.filter((r) => JSON.stringify(r.headers).includes(viejo))).toEqual([]);
    } finally {
      await otra.cerrar();
    }
  });
});
