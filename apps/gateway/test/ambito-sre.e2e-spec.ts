import { RunningApp } from '@mesa/shared/app';
import { derivacionesApp } from '../../derivaciones-service/src/app.definition';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo, waitFor } from './support';

/**
 * SRE runs the platform, not the desk: metrics, health, plans and counts, never the citizens'
 * names and subjects. One scope function (`ambitoDe`) decides it for every list, search,
 * export, tray and route sheet, so no route is left that hands them out.
 */
describe('what SRE sees: operational data only', () => {
  let apps: RunningApp[];
  let sre: ReturnType<typeof api>;
  let mesa: ReturnType<typeof api>;
  let documentoId: string;
  let areaId: number;

  beforeAll(async () => {
    await seedDemo();
    apps = [await boot(documentosApp), await boot(derivacionesApp), await boot(gatewayApp)];
    const url = apps[2].url;
    sre = api(url, await login(url, 'sre'));
    mesa = api(url, await login(url, 'mesa'));
    const doc = await mesa('POST', '/documentos', nuevoDocumento({ remitente: 'Ciudadana Reservada' }));
    expect(doc.status).toBe(201);
    documentoId = doc.body.id;
    areaId = (await mesa('GET', '/areas')).body[0].id;
    // The route sheet is derivaciones' copy: wait until it has heard of the document.
    await waitFor(async () => (await mesa('GET', `/derivaciones/documento/${documentoId}`)).status === 200);
  });

  afterAll(async () => {
    for (const app of [...(apps ?? [])].reverse()) await app.close();
  });

  it.each([
    ['the document list', () => '/documentos'],
    ['the search', () => '/documentos/buscar?q=Reservada'],
    ['the CSV export', () => '/documentos/exportar'],
    ['the overdue documents', () => '/documentos/vencidos'],
    ['an office tray', () => `/derivaciones/bandeja?areaId=${areaId}`],
    ['the overdue routings', () => '/derivaciones/vencidas'],
    ['a route sheet', () => `/derivaciones/documento/${documentoId}`],
  ])('refuses %s with 403 AMBITO_OPERACIONAL, naming nobody', async (_what, path) => {
    const res = await sre('GET', path());
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AMBITO_OPERACIONAL');
    expect(JSON.stringify(res.body)).not.toContain('Reservada');
    // The same route serves the desk's roles.
    expect((await mesa('GET', path())).status).toBe(200);
  });

  it('refuses the detail too, as before', async () => {
    expect((await sre('GET', `/documentos/${documentoId}`)).status).toBe(404);
  });

  it("answers counts, which carry no personal data: the desk's and an office's statistics", async () => {
    const hoy = new Date().toISOString().slice(0, 10);
    const docs = await sre('GET', `/documentos/estadisticas?fechaDesde=${hoy}&fechaHasta=${hoy}`);
    expect(docs.status).toBe(200);
    expect(JSON.stringify(docs.body)).not.toContain('Reservada');
    const oficina = await sre('GET', `/derivaciones/estadisticas/area/${areaId}`);
    expect(oficina.status).toBe(200);
  });
});
