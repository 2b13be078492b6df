import { randomUUID } from 'node:crypto';
import { esperar } from '../../integraciones-service/test/institucion-externa';
import { prefijoPropio } from '../../reportes-worker/test/support';
import { arrancarIntegraciones, SuiteIntegraciones } from './integraciones.support';
import { nuevoDocumento } from './support';

/**
 * The outbound policy as deployed by default (no INTEGRATIONS_ALLOWED_HOSTS): integrations may
 * not point at loopback, private, link-local or metadata addresses, by address or by a name
 * that resolves to one; and a row that already points at one (written before the policy, or
 * by hand) is neither tested nor sent to.
 */
describe('integraciones: outbound network policy by default', () => {
  let s: SuiteIntegraciones;
  const marca = randomUUID().slice(0, 6).toUpperCase();

  beforeAll(async () => {
    // No INTEGRATIONS_ALLOWED_HOSTS: the default. A key prefix of its own keeps its bus apart.
    s = await arrancarIntegraciones({}, { REDIS_KEY_PREFIX: prefijoPropio('politica-red') });
  });

  afterAll(() => s?.cerrar());

  it('refuses a urlBase on loopback, a private network or the metadata address, by address or by name', async () => {
    const puerto = new URL(s.externa.url).port;
    for (const [n, urlBase] of [
      s.externa.url,
      `http://localhost:${puerto}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/recepcion',
      `http://[::1]:${puerto}/`,
    ].entries()) {
      const r = await s.admin('POST', '/integraciones', { codigo: `SSRF${n}-${marca}`, nombre: 'Interna', tipo: 'WEBHOOK', urlBase });
      expect({ urlBase, status: r.status, code: r.body.code }).toEqual({ urlBase, status: 400, code: 'INTEGRACION_URL_NO_PERMITIDA' });
    }
    const publica = await s.admin('POST', '/integraciones', { codigo: `PUB-${marca}`, nombre: 'Pública', tipo: 'WEBHOOK', urlBase: 'http://93.184.215.14:9/' });
    expect(publica.status).toBe(201);
    const cambio = await s.admin('PATCH', `/integraciones/${publica.body.id}`, { urlBase: 'http://127.0.0.1:3003/' });
    expect([cambio.status, cambio.body.code]).toEqual([400, 'INTEGRACION_URL_NO_PERMITIDA']);
    expect(s.externa.recibidas).toEqual([]);
  });

  it('neither tests nor sends to a stored urlBase the policy refuses, and says only that it was refused', async () => {
    const creada = (
      await s.admin('POST', '/integraciones', {
        codigo: `GUARD-${marca}`,
        nombre: 'Guardada antes',
        tipo: 'WEBHOOK',
        urlBase: 'http://93.184.215.14:9/',
        maxReintentos: 3,
      })
    ).body;
    // As a row written before the policy existed would be.
    await s.db.query(`UPDATE integraciones.integracion SET url_base = $2 WHERE id = $1`, [creada.id, `${s.externa.url}/interna`]);

    const doc = (await s.mesa('POST', '/documentos', nuevoDocumento())).body;
    expect((await s.admin('POST', `/integraciones/${creada.id}/enviar/${doc.id}`)).status).toBe(202);
    const [fila] = await esperar(async () => (await s.admin('GET', `/integraciones/${creada.id}/log`)).body.items);
    // Not retried: the policy will not change its mind.
    expect(fila).toMatchObject({ estado: 'ERROR', numeroIntento: 1, enDlq: true, codigoRespuesta: null, mensajeError: 'Destino no permitido por la política de red' });

    // (After the send: a failed test opens the circuit, which would hold the send.)
    const prueba = await s.admin('POST', `/integraciones/${creada.id}/probar`);
    expect(prueba.body).toEqual({ estadoConexion: 'ERROR', resultado: 'BLOQUEADO', tiempoRespuestaMs: expect.any(Number) });
    expect(s.externa.recibidas).toEqual([]);
  });
});
