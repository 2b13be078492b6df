import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import jsQR from 'jsqr';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { Queue } from 'bullmq';
import { loadConfig } from '@mesa/shared/config';
import { Queues } from '@mesa/shared/contracts';
import { queueConnection, queuePrefix } from '@mesa/shared/queue';
import { freePort, spawnApp } from '@mesa/shared/testing';
import { PASSWORD, api, login, seedDemo, waitFor } from '../../gateway/test/support';

/**
 * The web app in Debian's chromium against the real suite from dist/: the gateway serving the
 * build, and the services it calls. One browser and one login per user for the whole file; each
 * user has a tab of their own (the session lives in the tab's sessionStorage).
 */
const GENERATOR = join(__dirname, '..', '..', '..', 'tools', 'web', 'api-schema.js');
const SCHEMA_FILE = join(__dirname, '..', 'src', 'api', 'schema.d.ts');
const SHOTS = join(__dirname, '..', '..', '..', 'test-output', 'web');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type Proc = Awaited<ReturnType<typeof spawnApp>>;
let procs: Proc[] = [];
let url: string;
let storage: string;
let profile: string;
let context: BrowserContext;
let mesa: Page;
let area2: Page;
let mesaApi: ReturnType<typeof api>;
const registrado: { id?: string; numero?: string } = {};

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe-core on the screen as it stands: no serious or critical violation. */
async function accesible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const graves = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(graves.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** What a screen reader reads with a field (its aria-describedby): where the API's error for it shows. */
async function descripcion(page: Page, label: string): Promise<string> {
  const ids = ((await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
}

async function entrar(username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('button', { name: 'Salir' }).waitFor();
  return page;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  storage = mkdtempSync(join(tmpdir(), 'web-e2e-storage-'));
  profile = mkdtempSync(join(tmpdir(), 'web-e2e-chromium-'));
  await seedDemo();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // The receipt's QR points at this gateway, which serves the web app.
  const env = { LOG_LEVEL: 'warn', STORAGE_DIR: storage, PUBLIC_BASE_URL: url };
  const services = await Promise.all(
    ['documentos-service', 'derivaciones-service', 'integraciones-service', 'reportes-worker'].map((app) => spawnApp(app, env)),
  );
  procs = [...services, await spawnApp('gateway', { ...env, PORT: String(port) })];
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    locale: 'es-PE',
    viewport: { width: 1280, height: 900 },
  });
  // Every step waits on what the page shows; none should need more than this on a loaded machine.
  context.setDefaultTimeout(15_000);
  mesaApi = api(url, await login(url, 'mesa'));
}, 120_000);

afterAll(async () => {
  // An app that died mid-file says why (its last output), instead of only "connection refused".
  for (const p of procs.filter((p) => !p.isRunning())) process.stderr.write(`${p.output()}\n`);
  await context?.close();
  await Promise.all(procs.map((p) => p.stop()));
  rmSync(storage, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('served by the gateway', () => {
  it('answers the app at its own paths under the CSP, and leaves the API its 404s', async () => {
    const page = await fetch(`${url}/bandeja`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const js = await fetch(`${url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');

    const api404 = await fetch(`${url}/api/v1/no-existe`);
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${url}/health/no-existe`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`)).headers.get('content-type')).toContain('text/plain');
  });

  it('has a typed client generated from the running gateway (npm run web:api regenerates it)', async () => {
    // A child process: openapi-typescript loads ES modules that Jest's module system cannot.
    const check = (file?: string) =>
      promisify(execFile)(process.execPath, [GENERATOR, '--url', url, '--check'], { env: { ...process.env, ...(file ? { WEB_API_SCHEMA_FILE: file } : {}) } });
    await expect(check()).resolves.toBeDefined();
    const stale = join(storage, 'schema.d.ts');
    writeFileSync(stale, readFileSync(SCHEMA_FILE, 'utf8').replace('"/api/v1/areas"', '"/api/v1/oficinas"'));
    await expect(check(stale)).rejects.toThrow(/does not match .*run npm run web:api/);
  });
});

describe('the desk in a browser', () => {
  it('signs in by keyboard alone, and shows a refused sign-in in Spanish', async () => {
    mesa = await context.newPage();
    await mesa.goto(`${url}/`);
    await mesa.waitForURL(/\/login/);
    await accesible(mesa);
    await shot(mesa, '01-login');

    await mesa.getByLabel('Usuario').fill('mesa');
    await mesa.getByLabel('Contraseña').fill('no-es-la-clave');
    await mesa.getByRole('button', { name: 'Ingresar' }).click();
    await expect(mesa.getByRole('alert').textContent()).resolves.toMatch(/usuario o contraseña/i);

    await mesa.getByLabel('Usuario').fill('');
    await mesa.getByLabel('Contraseña').fill('');
    await mesa.getByLabel('Usuario').focus();
    await mesa.keyboard.type('mesa');
    await mesa.keyboard.press('Tab');
    await mesa.keyboard.type(PASSWORD);
    await mesa.keyboard.press('Enter');
    await mesa.getByRole('heading', { name: 'Registrar documento' }).waitFor();
    expect(new URL(mesa.url()).pathname).toBe('/registro');
  });

  it('registers a document with an attachment dropped on the form', async () => {
    await mesa.getByLabel('Tipo de documento').selectOption({ index: 1 });
    // The API refuses a one-letter sender and a subject too long: its words in Spanish, each
    // beside its field (and read with it), nothing registered.
    const antes = (await mesaApi('GET', '/documentos/buscar?q=copia%20certificada')).body.items.length;
    await mesa.getByLabel('Remitente').fill('R');
    await mesa.getByLabel('Asunto').fill(`Solicita copia certificada ${'de resolución '.repeat(40)}`);
    await mesa.getByRole('button', { name: 'Registrar' }).click();
    await mesa.getByText('debe tener entre 2 y 255 caracteres').waitFor();
    expect(await mesa.getByLabel('Remitente').getAttribute('aria-invalid')).toBe('true');
    expect(await descripcion(mesa, 'Remitente')).toBe('debe tener entre 2 y 255 caracteres');
    expect(await descripcion(mesa, 'Asunto')).toBe('debe tener entre 3 y 500 caracteres');
    expect(await mesa.getByLabel('Folios').getAttribute('aria-invalid')).toBe('false');
    expect(await mesa.getByRole('alert').textContent()).toBe('La solicitud tiene campos inválidos');
    await accesible(mesa);
    await shot(mesa, '02-registro-errores');
    expect((await mesaApi('GET', '/documentos/buscar?q=copia%20certificada')).body.items.length).toBe(antes);
    await mesa.getByLabel('Remitente').fill('Rosa Huamán Ccori');
    await mesa.getByLabel('Asunto').fill('Solicita copia certificada de resolución');
    await mesa.getByLabel('Folios').fill('4');
    await mesa.getByLabel('Prioridad').selectOption('URGENTE');
    const pdf = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
    const dataTransfer = await mesa.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'solicitud.pdf', { type: 'application/pdf' }));
      return dt;
    }, pdf);
    await mesa.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
    await mesa.getByRole('button', { name: 'Quitar solicitud.pdf' }).waitFor();
    await accesible(mesa);
    await shot(mesa, '02-registro');

    await mesa.getByRole('button', { name: 'Registrar' }).click();
    const numero = (await mesa.getByTestId('numero-expediente').textContent()) as string;
    expect(numero).toMatch(/^EXP-\d{4}-\d{6}$/);
    await accesible(mesa);
    await shot(mesa, '03-registrado');

    const found = await mesaApi('GET', `/documentos/expediente/${numero}`);
    expect(found.status).toBe(200);
    expect(found.body.prioridad).toBe('URGENTE');
    const archivos = await mesaApi('GET', `/documentos/${found.body.id}/archivos`);
    expect(archivos.body.items.map((a: { nombre: string }) => a.nombre)).toEqual(['solicitud.pdf']);
    Object.assign(registrado, { id: found.body.id, numero });
  });

  it('prints the receipt as a PDF', async () => {
    const [download] = await Promise.all([mesa.waitForEvent('download'), mesa.getByRole('button', { name: 'Imprimir comprobante (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`${registrado.numero}.pdf`);
    const body = readFileSync(await download.path());
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.includes(Buffer.from(registrado.numero as string, 'latin1'))).toBe(true);
  });

  it('routes the document to another office with instructions', async () => {
    await mesa.getByRole('link', { name: 'Ver el documento' }).click();
    await mesa.getByRole('heading', { name: new RegExp(registrado.numero as string) }).waitFor();
    // The attachment shows what the processing job found of its signatures (this PDF has none).
    const estadoFirmas = mesa.getByText(/^(Sin firmas digitales|Firmas: aún no verificadas)$/);
    await waitFor(async () => {
      await estadoFirmas.waitFor();
      if ((await estadoFirmas.textContent()) === 'Sin firmas digitales') return true;
      await mesa.reload();
      return false;
    });
    await accesible(mesa);
    await mesa.getByRole('button', { name: 'Derivar', exact: true }).click();
    await mesa.getByLabel('Oficina de destino').selectOption({ label: 'Dirección General' });
    await mesa.getByLabel('Instrucciones').fill('Revisar y emitir opinión');
    // An urgent document's routing starts urgent.
    expect(await mesa.getByLabel('Urgente').isChecked()).toBe(true);
    await accesible(mesa);
    await mesa.getByRole('form', { name: 'Derivar a otra oficina' }).getByRole('button', { name: 'Derivar' }).click();
    await mesa.getByText('Documento derivado.').waitFor();
    const hoja = mesa.getByRole('list', { name: 'Hoja de ruta' });
    await hoja.getByText('Pendiente de recepción').waitFor();
    expect(await hoja.textContent()).toContain('Instrucciones: Revisar y emitir opinión');
  });

  it("is received in the other office's inbox by its user, and the route sheet shows it", async () => {
    area2 = await entrar('area2');
    expect(new URL(area2.url()).pathname).toBe('/bandeja');
    // The routing notifies the office (through the bus, a moment later): the badge counts it.
    const area2Api = api(url, await login(url, 'area2'));
    await waitFor(async () => (await area2Api('GET', '/notificaciones?soloNoLeidas=true')).body.items.length > 0);
    await area2.reload();
    await waitFor(async () => Number(await area2.getByTestId('no-leidas').textContent()) >= 1);
    const fila = area2.getByTestId(`derivacion-${registrado.numero}`);
    await fila.waitFor();
    expect(await fila.textContent()).toContain('Urgente');
    expect(await fila.textContent()).toContain('Mesa de Partes');
    await accesible(area2);
    await shot(area2, '04-bandeja');
    await fila.getByRole('button', { name: `Recibir ${registrado.numero}` }).click();
    await area2.getByText(`${registrado.numero} recibido.`).waitFor();
    await fila.getByText('Recibido').waitFor();

    const hoja = await mesaApi('GET', `/derivaciones/documento/${registrado.id}`);
    expect(hoja.body.movimientos.map((m: { estado: string }) => m.estado)).toEqual(['RECIBIDO']);

    await area2.getByRole('link', { name: /Notificaciones/ }).click();
    await area2.getByRole('heading', { name: 'Notificaciones' }).waitFor();
    await accesible(area2);
    await shot(area2, '09-notificaciones');
    await area2.getByRole('button', { name: 'Marcar todas como leídas' }).click();
    await waitFor(async () => (await area2.getByTestId('no-leidas').textContent()) === '0');

    await mesa.reload();
    await mesa.getByRole('list', { name: 'Hoja de ruta' }).getByText('Recibido', { exact: true }).waitFor();
    await accesible(mesa);
    await shot(mesa, '05-documento');
  });

  it('routes several documents at once from the inbox selection', async () => {
    const nuevos = await Promise.all(
      ['Solicita licencia A', 'Solicita licencia B'].map((asunto) =>
        mesaApi('POST', '/documentos', { tipoDocumentoId: 1, remitente: 'Ana Quispe', asunto, numeroFolios: 1, prioridad: 'NORMAL' }),
      ),
    );
    await mesa.getByRole('link', { name: 'Bandeja' }).click();
    for (const doc of nuevos) await mesa.getByLabel(`Seleccionar ${doc.body.numeroExpediente}`).check();
    const form = mesa.getByRole('form', { name: 'Derivar a otra oficina' });
    expect(await form.getByRole('heading').textContent()).toBe('Derivar 2 documentos');
    await form.getByLabel('Oficina de destino').selectOption({ label: 'Asesoría Jurídica' });
    await form.getByLabel('Instrucciones').fill('Para opinión legal');
    await accesible(mesa);
    await form.getByRole('button', { name: 'Derivar' }).click();
    await mesa.getByText('2 documento(s) derivado(s).').waitFor();
    for (const doc of nuevos) {
      const hoja = await mesaApi('GET', `/derivaciones/documento/${doc.body.id}`);
      expect(hoja.body.movimientos.map((m: { instrucciones: string }) => m.instrucciones)).toEqual(['Para opinión legal']);
      expect(await mesa.getByLabel(`Seleccionar ${doc.body.numeroExpediente}`).count()).toBe(0);
    }
  });

  it('searches as one types, ignoring accents and case', async () => {
    await mesa.getByRole('link', { name: 'Buscar' }).click();
    await mesa.getByLabel('Buscar por expediente, remitente o asunto').pressSequentially('HUAMAN CCORI');
    await mesa.getByRole('link', { name: registrado.numero as string }).waitFor();
    await accesible(mesa);
    await shot(mesa, '10-busqueda');
  });

  it('keeps working when the access token is refused, by spending the refresh token once', async () => {
    const antes = await mesa.evaluate(() => JSON.parse(sessionStorage.getItem('mesa.sesion') as string));
    // A token the gateway refuses (its signature broken) but that still reads as this user.
    const roto = `${antes.accessToken.slice(0, -4)}AAAA`;
    await mesa.evaluate((s) => sessionStorage.setItem('mesa.sesion', JSON.stringify(s)), { ...antes, accessToken: roto });
    await mesa.goto(`${url}/documentos/${registrado.id}`);
    await mesa.getByRole('heading', { name: new RegExp(registrado.numero as string) }).waitFor();
    const despues = await mesa.evaluate(() => JSON.parse(sessionStorage.getItem('mesa.sesion') as string));
    expect(despues.refreshToken).not.toBe(antes.refreshToken);
    expect(despues.accessToken).not.toBe(roto);
  });

  it("opens the receipt's QR as a citizen on a phone, with no login; a wrong code reads as an unknown case", async () => {
    const qr = await fetch(`${url}/api/v1/documentos/${registrado.id}/qr`, { headers: { authorization: `Bearer ${await login(url, 'mesa')}` } });
    const img = PNG.sync.read(Buffer.from(await qr.arrayBuffer()));
    const enlace = jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data as string;
    expect(enlace.startsWith(`${url}/seguimiento/${registrado.numero}?codigo=`)).toBe(true);

    const ciudadano = await context.newPage();
    await ciudadano.setViewportSize({ width: 390, height: 844 });
    await ciudadano.goto(enlace);
    await ciudadano.getByRole('heading', { name: `Expediente ${registrado.numero}` }).waitFor();
    const texto = (await ciudadano.locator('main').textContent()) as string;
    expect(texto).toContain('En trámite');
    expect(texto).toContain('Dirección General');
    expect(texto).not.toContain('Rosa Huamán');
    expect(await ciudadano.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await accesible(ciudadano);
    await shot(ciudadano, '06-seguimiento');

    const mensaje = async (path: string) => {
      await ciudadano.goto(`${url}${path}`);
      return ciudadano.getByRole('alert').textContent();
    };
    const malCodigo = await mensaje(`/seguimiento/${registrado.numero}?codigo=AAAA-BBBB`);
    expect(malCodigo).toMatch(/No encontramos/);
    expect(await mensaje(`/seguimiento/EXP-1999-999999?codigo=AAAA-BBBB`)).toBe(malCodigo);
    await ciudadano.close();
  });

  it('is attended in the office, and then archived', async () => {
    await area2.getByRole('link', { name: 'Bandeja' }).click();
    await area2.getByRole('button', { name: `Atender ${registrado.numero}` }).click();
    const form = area2.getByRole('form', { name: `Atender ${registrado.numero}` });
    await form.getByLabel('Respuesta').fill('Se emitió la opinión solicitada');
    await form.getByRole('button', { name: 'Atender' }).click();
    await area2.getByText(`${registrado.numero} atendido.`).waitFor();

    // The document follows its routing a moment later (an event).
    await waitFor(async () => (await mesaApi('GET', `/documentos/${registrado.id}`)).body.estado === 'ATENDIDO');
    await mesa.goto(`${url}/documentos/${registrado.id}`);
    await mesa.getByRole('button', { name: 'Archivar' }).click();
    await mesa.getByText('Documento archivado.').waitFor();
    expect((await mesaApi('GET', `/documentos/${registrado.id}`)).body.estado).toBe('ARCHIVADO');
    expect(await mesa.getByRole('list', { name: 'Hoja de ruta' }).textContent()).toContain('Respuesta: Se emitió la opinión solicitada');
  });

  it('rejects one routing, reassigns another and returns a third from the inbox', async () => {
    const areas = (await mesaApi('GET', '/areas')).body as { id: number; codigo: string }[];
    const dg = areas.find((a) => a.codigo === 'DG')?.id;
    // Held by the desk's office: a routing from there can be returned to it.
    const mp = areas.find((a) => a.codigo === 'MP')?.id;
    const [rechazo, reasigno, devuelvo] = await Promise.all(
      ['No corresponde a esta oficina', 'Para otra oficina', 'Para devolver con respuesta'].map(async (asunto) => {
        const doc = (await mesaApi('POST', '/documentos', { tipoDocumentoId: 1, remitente: 'Eva Condori', asunto, numeroFolios: 1, prioridad: 'NORMAL', areaActualId: mp })).body;
        const der = (await mesaApi('POST', '/derivaciones', { documentoId: doc.id, areaDestinoId: dg, instrucciones: 'Atender' })).body;
        return { numero: doc.numeroExpediente as string, derivacion: der.id as string, documento: doc.id as string };
      }),
    );
    await area2.reload();
    await area2.getByRole('button', { name: `Rechazar ${rechazo.numero}` }).click();
    const rechazar = area2.getByRole('form', { name: `Rechazar ${rechazo.numero}` });
    await rechazar.getByLabel('Motivo del rechazo').fill('Corresponde a Asesoría Jurídica');
    await accesible(area2);
    await rechazar.getByRole('button', { name: 'Rechazar' }).click();
    await area2.getByText(`${rechazo.numero} rechazado.`).waitFor();

    await area2.getByRole('button', { name: `Recibir ${reasigno.numero}` }).click();
    await area2.getByRole('button', { name: `Reasignar ${reasigno.numero}` }).click();
    const reasignar = area2.getByRole('form', { name: `Reasignar ${reasigno.numero}` });
    await reasignar.getByLabel('Oficina de destino').selectOption({ label: 'Asesoría Jurídica' });
    await reasignar.getByRole('button', { name: 'Reasignar' }).click();
    await area2.getByText(`${reasigno.numero} reasignado.`).waitFor();

    await area2.getByRole('button', { name: `Recibir ${devuelvo.numero}` }).click();
    await area2.getByRole('button', { name: `Devolver ${devuelvo.numero}` }).click();
    const devolver = area2.getByRole('form', { name: `Devolver ${devuelvo.numero}` });
    await devolver.getByLabel('Observaciones').fill('Se devuelve con la opinión emitida');
    await accesible(area2);
    await shot(area2, '04-bandeja-devolver');
    await devolver.getByRole('button', { name: 'Devolver' }).click();
    await area2.getByText(`${devuelvo.numero} devuelto.`).or(devolver.getByRole('alert')).waitFor();
    expect(await devolver.getByRole('alert').allTextContents()).toEqual([]);
    await area2.getByTestId(`derivacion-${devuelvo.numero}`).getByText('Atendido').waitFor();

    const movimientos = async (documento: string) =>
      (await mesaApi('GET', `/derivaciones/documento/${documento}`)).body.movimientos as { estado: string; areaDestinoId: number; areaOrigenId: number }[];
    const estados = async (documento: string) => (await movimientos(documento)).map((m) => [m.estado, m.areaDestinoId === dg]);
    expect(await estados(rechazo.documento)).toEqual([['RECHAZADO', true]]);
    // The reassignment closes DG's routing and opens one to the other office.
    expect((await estados(reasigno.documento)).some(([estado, enDg]) => estado === 'PENDIENTE' && !enDg)).toBe(true);
    // Returning attends DG's routing and routes the document back to the office that sent it.
    const vuelta = await movimientos(devuelvo.documento);
    expect(vuelta.map((m) => [m.estado, m.areaDestinoId === dg])).toEqual(expect.arrayContaining([['ATENDIDO', true], ['PENDIENTE', false]]));
    expect(vuelta.find((m) => m.estado === 'PENDIENTE')).toMatchObject({ areaOrigenId: dg, areaDestinoId: mp });
  });

  it('records an observation, which pauses the term, and its correction', async () => {
    const doc = (await mesaApi('POST', '/documentos', { tipoDocumentoId: 1, remitente: 'Luis Mamani', asunto: 'Solicita duplicado', numeroFolios: 2, prioridad: 'NORMAL' })).body;
    await mesa.goto(`${url}/documentos/${doc.id}`);
    await mesa.getByRole('button', { name: 'Observar' }).click();
    await mesa.getByLabel('Observaciones (una por línea)').fill('Falta copia del DNI\nFalta firma');
    await accesible(mesa);
    await mesa.getByRole('button', { name: 'Registrar observación' }).click();
    await mesa.getByText('Observación registrada: el plazo queda en pausa.').waitFor();
    expect((await mesaApi('GET', `/documentos/${doc.id}`)).body.estado).toBe('OBSERVADO');
    await mesa.getByRole('button', { name: 'Subsanar' }).click();
    await mesa.getByText('Subsanación registrada.').waitFor();
    expect((await mesaApi('GET', `/documentos/${doc.id}`)).body.estado).toBe('REGISTRADO');
  });

  it('shows the dashboard as charts', async () => {
    await mesa.getByRole('link', { name: 'Tablero' }).focus();
    await mesa.keyboard.press('Enter');
    await mesa.getByTestId('total').waitFor();
    // Opened from the menu by keyboard, the screen takes the focus past the menu.
    expect(await mesa.evaluate(() => document.activeElement?.id)).toBe('contenido');
    expect(Number((await mesa.getByTestId('total').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(1);
    const porEstado = mesa.getByRole('img', { name: 'Documentos por estado' });
    expect(Number(await porEstado.getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
    await accesible(mesa);
    await shot(mesa, '07-tablero');
  });

  it('requests a report, follows it and downloads it', async () => {
    await mesa.getByRole('link', { name: 'Reportes' }).click();
    await mesa.getByLabel('Formato').selectOption('csv');
    await mesa.getByRole('button', { name: 'Solicitar reporte' }).click();
    const descargar = mesa.getByRole('button', { name: 'Descargar' }).first();
    await descargar.waitFor({ timeout: 30_000 });
    await accesible(mesa);
    await shot(mesa, '08-reportes');
    const [download] = await Promise.all([mesa.waitForEvent('download'), descargar.click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(registrado.numero);
  });

  it('requests a report and cancels it while it waits', async () => {
    // The queue paused: the report waits (no worker takes it), so the cancel meets it waiting.
    const config = loadConfig(process.env);
    const cola = new Queue(Queues.GENERAR_REPORTE_EXCEL, { connection: queueConnection(config), prefix: queuePrefix(config) });
    await cola.pause();
    try {
      const pedir = mesa.getByRole('form', { name: 'Solicitar reporte' });
      await pedir.getByLabel('Reporte').selectOption({ label: 'Vencidos' });
      await pedir.getByLabel('Formato').selectOption('csv');
      await pedir.getByRole('button', { name: 'Solicitar reporte' }).click();
      const fila = mesa.getByRole('row').filter({ hasText: 'Vencidos (CSV)' });
      await fila.getByText('En cola').waitFor();
      const id = ((await fila.getAttribute('data-testid')) as string).replace(/^tarea-/, '');
      expect(await (await cola.getJob(id))?.getState()).toBe('waiting');
      await accesible(mesa);
      await fila.getByRole('button', { name: 'Cancelar' }).focus();
      await mesa.keyboard.press('Enter');
      await fila.getByText('Cancelado').waitFor();
      expect(await fila.getByRole('button').count()).toBe(0);
      expect((await mesaApi('GET', `/tareas/${id}`)).body.estado).toBe('cancelled');
      expect(await cola.getJob(id)).toBeUndefined();
      await shot(mesa, '08-reportes-cancelado');
    } finally {
      await cola.resume();
      await cola.close();
    }
  });

  it('lets an administrator add and remove a holiday, with the API refusal shown', async () => {
    const admin = await entrar('admin');
    await admin.getByRole('link', { name: 'Administración' }).click();
    // A far year: no other test's deadlines move.
    await admin.getByLabel('Año').fill('2099');
    const form = admin.getByRole('form', { name: 'Agregar feriado' });
    await form.getByLabel('Fecha').fill('2099-12-24');
    await form.getByLabel('Descripción').fill('Nochebuena (prueba)');
    await form.getByLabel('Tipo de día').selectOption('INSTITUCIONAL');
    await form.getByRole('button', { name: 'Agregar feriado' }).click();
    const tabla = admin.getByRole('table', { name: 'Feriados' });
    await tabla.getByText('Nochebuena (prueba)').waitFor();
    await accesible(admin);
    await shot(admin, '11-administracion');

    await form.getByLabel('Fecha').fill('2099-12-24');
    await form.getByLabel('Descripción').fill('Otra vez');
    await form.getByRole('button', { name: 'Agregar feriado' }).click();
    expect(await admin.getByRole('alert').textContent()).toMatch(/ya/i);

    await tabla.getByRole('button', { name: /Quitar el feriado/ }).click();
    await tabla.getByText('Nochebuena (prueba)').waitFor({ state: 'detached' });
    expect((await mesaApi('GET', '/feriados?anio=2099')).body.items).toEqual([]);
    await admin.close();
  });

  it('lets an administrator create an integration and switch it off and on, with the refusal beside its field', async () => {
    const admin = await entrar('admin');
    const adminApi = api(url, await login(url, 'admin'));
    const codigo = `WEB-${Date.now().toString(36).toUpperCase()}`;
    const existe = async () => ((await adminApi('GET', '/integraciones')).body as { codigo: string; activa: boolean }[]).find((i) => i.codigo === codigo);
    await admin.getByRole('link', { name: 'Administración' }).click();
    const form = admin.getByRole('form', { name: 'Nueva integración' });
    await form.getByLabel('Código').fill(codigo.toLowerCase());
    await form.getByLabel('Nombre').fill('Registro de la institución vecina (prueba)');
    await form.getByLabel('Tipo de integración').selectOption({ label: 'API REST' });
    await form.getByRole('button', { name: 'Crear integración' }).click();
    await form.getByText('codigo: 2-50 mayúsculas, dígitos, _ o -').waitFor();
    expect(await form.getByLabel('Código').getAttribute('aria-invalid')).toBe('true');
    expect(await descripcion(admin, 'Código')).toContain('codigo: 2-50 mayúsculas, dígitos, _ o -');
    expect(await form.getByRole('alert').textContent()).toBe('La solicitud tiene campos inválidos');
    expect(await existe()).toBeUndefined();

    await form.getByLabel('Código').fill(codigo);
    await form.getByRole('button', { name: 'Crear integración' }).click();
    await admin.getByText(`Integración ${codigo} creada.`).waitFor();
    const fila = admin.getByTestId(`integracion-${codigo}`);
    const estado = () => fila.getByRole('cell').nth(2).textContent();
    expect(await estado()).toBe('Activa');
    // Its inbound secrets are shown this once.
    expect(await admin.getByTestId('integracion-api-key').textContent()).toMatch(/^\S{20,}$/);
    expect(await existe()).toMatchObject({ activa: true });
    await accesible(admin);
    await shot(admin, '12-integraciones');

    await fila.getByRole('button', { name: `Desactivar ${codigo}` }).focus();
    await admin.keyboard.press('Enter');
    await fila.getByRole('button', { name: `Activar ${codigo}`, exact: true }).waitFor();
    expect(await estado()).toBe('Inactiva');
    expect(await existe()).toMatchObject({ activa: false });
    await fila.getByRole('button', { name: `Activar ${codigo}`, exact: true }).click();
    await fila.getByRole('button', { name: `Desactivar ${codigo}` }).waitFor();
    expect(await estado()).toBe('Activa');
    expect(await existe()).toMatchObject({ activa: true });
    await admin.close();
  });
});
