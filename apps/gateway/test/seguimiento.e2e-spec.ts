import { randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp } from '@mesa/shared/app';
import { loadConfig } from '@mesa/shared/config';
import { almacenDe, verificarFirmasPdf } from '@mesa/shared/firma';
import { caPrueba, p12Prueba } from '@mesa/shared/testing';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo, startSuite, Suite } from './support';

/** The compressed image data of a PNG (its IDAT chunks): what pdfkit embeds as is. */
function idat(png: Buffer): Buffer {
  const partes: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    if (png.toString('ascii', off + 4, off + 8) === 'IDAT') partes.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  return Buffer.concat(partes);
}

async function binario(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('receipt, QR and citizen tracking', () => {
  let suite: Suite;
  let url: string;
  let mesa: ReturnType<typeof api>;
  let mesaToken: string;
  let areas: { id: number; nombre: string }[];
  const marca = randomUUID().slice(0, 8);
  const remitente = `Rosa Huamán ${marca}`;
  const etiqueta = `etiqueta-${marca}`;
  const observacion = `observacion interna ${marca}`;
  let doc: { id: string; numeroExpediente: string; codigoSeguimiento: string; usuarioRegistroId: string };

  beforeAll(async () => {
    await seedDemo();
    suite = await startSuite('in-process');
    url = suite.gatewayUrl;
    mesaToken = await login(url, 'mesa');
    mesa = api(url, mesaToken);
    areas = (await mesa('GET', '/areas')).body;
    const creado = await mesa(
      'POST',
      '/documentos',
      nuevoDocumento({ remitente, etiquetas: [etiqueta], observaciones: observacion, areaActualId: areas[0].id }),
    );
    expect(creado.status).toBe(201);
    doc = creado.body;
  });

  afterAll(() => suite?.close());

  const seguimiento = (numero: string, codigo?: string, headers: Record<string, string> = {}) =>
    api(url)('GET', `/public/seguimiento/${numero}${codigo === undefined ? '' : `?codigo=${encodeURIComponent(codigo)}`}`, undefined, headers);

  it("encodes in the receipt's QR the web app's tracking page with the code shown at registration, and its case answers", async () => {
    const qr = await binario(`${url}/api/v1/documentos/${doc.id}/qr`, mesaToken);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/png');
    const img = PNG.sync.read(qr.body);
    const leido = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
    const base = loadConfig(process.env).PUBLIC_BASE_URL.replace(/\/+$/, '');
    const codigo = doc.codigoSeguimiento.replace(/-/g, '');
    expect(leido?.data).toBe(`${base}/seguimiento/${doc.numeroExpediente}?codigo=${codigo}`);

    const pdf = await binario(`${url}/api/v1/documentos/${doc.id}/comprobante`, mesaToken);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.body.includes(Buffer.from(doc.numeroExpediente, 'latin1'))).toBe(true);
    expect(pdf.body.includes(idat(qr.body))).toBe(true);
    // Asked again (cached, or rendered again if the cache was unavailable), the same bytes.
    expect((await binario(`${url}/api/v1/documentos/${doc.id}/comprobante`, mesaToken)).body.equals(pdf.body)).toBe(true);

    // The QR opens the web app's page (apps/web/test covers it in a browser); the page asks the
    // public API with the same case number and code.
    const publica = new URL(leido?.data as string);
    const res = await fetch(`${url}/api/v1/public${publica.pathname}${publica.search}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { numeroExpediente: string }).numeroExpediente).toBe(doc.numeroExpediente);
  });

  it('answers only the public facts: no ids, people, contact data, attachments, tags or notes', async () => {
    const res = await seguimiento(doc.numeroExpediente, doc.codigoSeguimiento);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['areaActual', 'estado', 'fechaLimite', 'fechaRecepcion', 'movimientos', 'numeroExpediente']);
    expect(res.body).toMatchObject({ numeroExpediente: doc.numeroExpediente, estado: 'REGISTRADO', areaActual: areas[0].nombre });
    expect(res.body.movimientos).toEqual([
      { fecha: expect.any(String), evento: 'REGISTRADO', estado: 'REGISTRADO', area: areas[0].nombre },
    ]);
    const texto = JSON.stringify(res.body);
    for (const prohibido of [doc.id, doc.usuarioRegistroId, remitente, etiqueta, observacion, 'remitente', 'etiquetas', 'observaciones', 'usuario', 'archivo', 'adjunto', 'codigo']) {
      expect(texto).not.toContain(prohibido);
    }
    expect(texto).not.toMatch(UUID);
  });

  it('gives the same 404 to a wrong code, a malformed or missing one, and an unknown case', async () => {
    const otroCodigo = doc.codigoSeguimiento.startsWith('2') ? `3${doc.codigoSeguimiento.slice(1)}` : `2${doc.codigoSeguimiento.slice(1)}`;
    const respuestas = [
      await seguimiento(doc.numeroExpediente, otroCodigo),
      await seguimiento(doc.numeroExpediente, 'nada'),
      await seguimiento(doc.numeroExpediente),
      await seguimiento('EXP-1999-999999', doc.codigoSeguimiento),
      await seguimiento('no-es-un-expediente', doc.codigoSeguimiento),
    ];
    for (const r of respuestas) {
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body).toEqual(respuestas[0].body);
    }
    expect(respuestas[0].body.code).toBe('SEGUIMIENTO_NOT_FOUND');
    // Dashes, spaces and lower case are how people type it: still the same code.
    expect((await seguimiento(doc.numeroExpediente, doc.codigoSeguimiento.toLowerCase().replace(/-/g, ' '))).status).toBe(200);
  });

  it('answers 304 to a poll with the current ETag', async () => {
    const primera = await seguimiento(doc.numeroExpediente, doc.codigoSeguimiento);
    const etag = primera.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const otra = await seguimiento(doc.numeroExpediente, doc.codigoSeguimiento, { 'if-none-match': etag });
    expect(otra.status).toBe(304);
    expect(otra.body).toBeUndefined();
    expect(otra.headers.get('etag')).toBe(etag);
    expect((await seguimiento(doc.numeroExpediente, doc.codigoSeguimiento, { 'if-none-match': '"viejo"' })).status).toBe(200);
  });

  it('shows a change of state as a dated movement, without its text, and polls see it through a new ETag', async () => {
    const antes = await seguimiento(doc.numeroExpediente, doc.codigoSeguimiento);
    const nota = `falta la firma ${marca}`;
    expect((await mesa('POST', `/documentos/${doc.id}/observar`, { observaciones: [nota] })).status).toBe(200);
    const despues = await seguimiento(doc.numeroExpediente, doc.codigoSeguimiento, { 'if-none-match': antes.headers.get('etag') as string });
    expect(despues.status).toBe(200);
    expect(despues.headers.get('etag')).not.toBe(antes.headers.get('etag'));
    expect(despues.body.estado).toBe('OBSERVADO');
    expect(despues.body.movimientos).toEqual([
      { fecha: expect.any(String), evento: 'REGISTRADO', estado: 'REGISTRADO', area: areas[0].nombre },
      { fecha: expect.any(String), evento: 'CAMBIO_ESTADO', estado: 'OBSERVADO', area: areas[0].nombre },
    ]);
    expect(Date.parse(despues.body.movimientos[1].fecha)).toBeGreaterThanOrEqual(Date.parse(despues.body.movimientos[0].fecha));
    expect(JSON.stringify(despues.body)).not.toContain(marca);
  });

  it('serves the receipt and QR only to who may read the document (404 for another office)', async () => {
    const area1 = await login(url, 'area1');
    const area2 = await login(url, 'area2');
    expect((await binario(`${url}/api/v1/documentos/${doc.id}/qr`, area1)).status).toBe(200);
    for (const ruta of ['comprobante', 'qr']) {
      const ajeno = await api(url, area2)('GET', `/documentos/${doc.id}/${ruta}`);
      expect(ajeno.status).toBe(404);
      expect(ajeno.body.code).toBe('DOCUMENTO_NOT_FOUND');
    }
    expect((await mesa('GET', `/documentos/${randomUUID()}/comprobante`)).status).toBe(404);
    expect((await api(url)('GET', `/documentos/${doc.id}/comprobante`)).status).toBe(401);
  });

  describe('with a public limit of 3 per minute', () => {
    let documentos: RunningApp;
    let gateway: RunningApp;

    beforeAll(async () => {
      // Its own key prefix: its counters (and bus) are apart from the gateway above.
      const env = { REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'mesa:'}limite-${marca}:`, PUBLIC_RATE_LIMIT_PER_MINUTE: '3' };
      documentos = await boot(documentosApp, env);
      gateway = await boot(gatewayApp, env);
    });

    afterAll(async () => {
      await gateway?.close();
      await documentos?.close();
    });

    it('answers 429 problem JSON with Retry-After once the client used them up, and other routes go on', async () => {
      const publico = api(gateway.url);
      for (let i = 0; i < 3; i++) {
        expect((await publico('GET', `/public/seguimiento/${doc.numeroExpediente}?codigo=${doc.codigoSeguimiento}`)).status).toBe(200);
      }
      const bloqueado = await publico('GET', `/public/seguimiento/${doc.numeroExpediente}?codigo=${doc.codigoSeguimiento}`);
      expect(bloqueado.status).toBe(429);
      expect(bloqueado.headers.get('content-type')).toContain('application/problem+json');
      expect(bloqueado.body.code).toBe('RATE_LIMITED');
      const retryAfter = Number(bloqueado.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The seconds the throttler computed for this client's block (it reports them per throttler).
      expect(bloqueado.headers.get('retry-after')).toBe(bloqueado.headers.get('retry-after-publico'));
      // Wrong codes count too: guessing is limited, not only successful polls.
      expect((await publico('GET', `/public/seguimiento/EXP-1999-000001?codigo=X`)).status).toBe(429);
      // The strict limit is the public route's own.
      expect((await api(gateway.url, await login(gateway.url, 'mesa'))('GET', `/documentos/${doc.id}`)).status).toBe(200);
    });

    it('a forged X-Forwarded-For does not buy a new budget: no proxy is trusted by default', async () => {
      const publico = api(gateway.url);
      const forjado = await publico('GET', `/public/seguimiento/${doc.numeroExpediente}?codigo=${doc.codigoSeguimiento}`, undefined, {
        'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
      });
      expect(forjado.status).toBe(429);
    });
  });

  describe('behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)', () => {
    let documentos: RunningApp;
    let gateway: RunningApp;

    beforeAll(async () => {
      const env = {
        REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'mesa:'}proxy-${marca}:`,
        PUBLIC_RATE_LIMIT_PER_MINUTE: '2',
        TRUSTED_PROXIES: '127.0.0.1',
      };
      documentos = await boot(documentosApp, env);
      gateway = await boot(gatewayApp, env);
    });

    afterAll(async () => {
      await gateway?.close();
      await documentos?.close();
    });

    it("counts each client by the address the proxy reports, and only the proxy's last entry", async () => {
      const publico = api(gateway.url);
      const como = (xff: string) =>
        publico('GET', `/public/seguimiento/${doc.numeroExpediente}?codigo=${doc.codigoSeguimiento}`, undefined, { 'x-forwarded-for': xff });
      expect((await como('198.51.100.7')).status).toBe(200);
      expect((await como('198.51.100.7')).status).toBe(200);
      expect((await como('198.51.100.7')).status).toBe(429);
      // Another client behind the same proxy has its own budget.
      expect((await como('198.51.100.8')).status).toBe(200);
      // What the client wrote before the proxy's entry is not its address.
      expect((await como('192.0.2.1, 198.51.100.7')).status).toBe(429);
    });
  });
  describe("signed with the institution's certificate (FIRMA_P12_PATH)", () => {
    let documentos: RunningApp;
    let gateway: RunningApp;
    let dir: string;
    let ca: Awaited<ReturnType<typeof caPrueba>>;

    beforeAll(async () => {
      ca = await caPrueba();
      dir = await mkdtemp(join(tmpdir(), 'p12-e2e-'));
      await writeFile(join(dir, 'institucion.p12'), await p12Prueba(ca.firmante, [ca.intermedia], 'clave-institucion'));
      const env = {
        REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'mesa:'}firma-${marca}:`,
        FIRMA_P12_PATH: join(dir, 'institucion.p12'),
        FIRMA_P12_PASSWORD: 'clave-institucion',
      };
      documentos = await boot(documentosApp, env);
      gateway = await boot(gatewayApp, env);
    });

    afterAll(async () => {
      await gateway?.close();
      await documentos?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('serves a PAdES receipt that our own verifier accepts when our certificate is trusted', async () => {
      const pdf = await binario(`${gateway.url}/api/v1/documentos/${doc.id}/comprobante`, await login(gateway.url, 'mesa'));
      expect(pdf.status).toBe(200);
      expect(pdf.body.includes(Buffer.from(doc.numeroExpediente, 'latin1'))).toBe(true);
      const confiable = almacenDe([Buffer.from(ca.raiz.pem)], [ca.crl, ca.crlRaiz]);
      expect(await verificarFirmasPdf(pdf.body, confiable)).toEqual([
        expect.objectContaining({ resultado: 'VALIDA', subFilter: 'ETSI.CAdES.detached', firmante: 'QUISPE MAMANI Rosa', modificadoDespues: false }),
      ]);
      // Untrusted elsewhere: the same bytes against an empty store are not called valid.
      expect((await verificarFirmasPdf(pdf.body, almacenDe([])))[0]).toMatchObject({ resultado: 'INDETERMINADA', codigo: 'CADENA_NO_CONFIABLE' });
    });
  });

  it('does not start in production without the certificate, naming FIRMA_P12_PATH', async () => {
    const prod = { NODE_ENV: 'production', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), TRACKING_CODE_SECRET: 'p'.repeat(40) };
    await expect(boot(documentosApp, prod)).rejects.toThrow(/FIRMA_P12_PATH: required in production/);
  });

  it('does not start with a certificate it cannot open, naming the setting', async () => {
    await expect(boot(documentosApp, { FIRMA_P12_PATH: join(tmpdir(), `no-existe-${marca}.p12`) })).rejects.toThrow(/FIRMA_P12_PATH: cannot be read/);
  });
});
