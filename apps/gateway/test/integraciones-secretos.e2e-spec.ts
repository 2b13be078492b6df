import { createHmac, randomUUID } from 'node:crypto';
import { NodeServiceProcess, spawnApp } from '@mesa/shared/testing';
import { esperar, InstitucionExterna } from '../../integraciones-service/test/institucion-externa';
import { api, login, nuevoDocumento, seedDemo } from './support';

/**
 * Credentials never reach the logs: the three apps run as processes from their builds at the
 * most verbose level, every path that handles a secret is exercised (create, send with
 * failures into the DLQ, rotation, connection test, inbound with good and bad signatures), and
 * their whole output is searched for each secret.
 */
describe('integraciones: secrets stay out of the logs', () => {
  const externa = new InstitucionExterna();
  const procesos: NodeServiceProcess[] = [];
  const salida: string[] = [];
  const marca = randomUUID().slice(0, 6).toUpperCase();
  const clave = `clave-${randomUUID()}`;
  const token = `token-${randomUUID()}`;
  const secreto = `whsec-${randomUUID()}`;

  beforeAll(async () => {
    await seedDemo();
    await externa.iniciar();
    const env = { LOG_LEVEL: 'trace' };
    for (const app of ['documentos-service', 'integraciones-service', 'gateway']) {
      // The other institution is this machine's: the outbound policy must be told so.
      const p = await spawnApp(app, app === 'integraciones-service' ? { ...env, INTEGRATIONS_ALLOWED_HOSTS: '127.0.0.1' } : env);
      p.child.stdout?.on('data', (c: Buffer) => salida.push(c.toString()));
      p.child.stderr?.on('data', (c: Buffer) => salida.push(c.toString()));
      salida.push(p.output());
      procesos.push(p);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(procesos.map((p) => p.stop()));
    await externa.cerrar();
  });

  it('never logs credentials, API keys or signature secrets', async () => {
    const url = procesos[2].url;
    const admin = api(url, await login(url, 'admin'));
    const mesa = api(url, await login(url, 'mesa'));
    const creada = await admin('POST', '/integraciones', {
      codigo: `LOGS-${marca}`,
      nombre: 'Secretos en logs',
      tipo: 'WEBHOOK',
      urlBase: externa.url,
      tipoAutenticacion: 'BASIC',
      credenciales: { usuario: 'mesa-partes', clave },
      webhookSecret: secreto,
      maxReintentos: 2,
      reintentoBaseMs: 50,
    });
    expect(creada.status).toBe(201);
    const { id, apiKey } = creada.body;

    externa.modo = { tipo: 'status', status: 500 };
    const doc = (await mesa('POST', '/documentos', nuevoDocumento())).body;
    await admin('POST', `/integraciones/${id}/enviar/${doc.id}`);
    await esperar(async () => (await admin('GET', `/integraciones/${id}/dlq`)).body.items.length > 0);
    expect(externa.envios(doc.id)[0].headers.authorization).toBe(
      `Basic ${Buffer.from(`mesa-partes:${clave}`).toString('base64')}`,
    );
    await admin('POST', `/integraciones/${id}/probar`);

    expect(
      (await admin('PATCH', `/integraciones/${id}`, { tipoAutenticacion: 'BEARER', credenciales: { token } })).status,
    ).toBe(200);
    const rotados = (await admin('POST', `/integraciones/${id}/rotar-secretos`, { apiKey: true })).body;

    const body = JSON.stringify({
      idSolicitud: randomUUID(),
      idExterno: `L-${marca}`,
      documento: {
        tipoDocumentoId: 1,
        remitente: 'Entidad',
        asunto: 'Oficio de prueba',
        numeroFolios: 1,
        prioridad: 'NORMAL',
      },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const entrar = (key: string, firma: string) =>
      fetch(`${url}/api/v1/integracion/recibir-documento`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': key,
          'x-mesa-timestamp': ts,
          'x-mesa-firma': firma,
        },
        body,
      });
    expect((await entrar(apiKey, 'sha256=00')).status).toBe(401);
    expect((await entrar(rotados.apiKey, 'sha256=00')).status).toBe(401);
    expect(
      (await entrar(rotados.apiKey, `sha256=${createHmac('sha256', secreto).update(`${ts}.POST./api/v1/integracion/recibir-documento.${body}`).digest('hex')}`))
        .status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 500));

    const todo = salida.join('');
    // The logs were captured, including the paths that handled the secrets.
    expect(todo).toContain('send dead-lettered');
    expect(todo).toContain('integration secrets rotated');
    for (const s of [
      clave,
      token,
      secreto,
      apiKey,
      rotados.apiKey,
      Buffer.from(`mesa-partes:${clave}`).toString('base64'),
    ]) {
      expect(todo.includes(s)).toBe(false);
    }
  });
});
