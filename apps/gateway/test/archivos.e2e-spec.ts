import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import Redis from 'ioredis';
import * as QRCode from 'qrcode';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { RedisStreamsClient } from '@mesa/shared/bus';
import {
  ArchivoDto,
  ArchivosPatterns,
  DocumentoDto,
  Events,
  HistorialEntradaDto,
  MarcarProcesadoReply,
  Services,
} from '@mesa/shared/contracts';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo } from './support';

/** Above the 1 MiB JSON body limit (BODY_LIMIT_BYTES), which must not apply to uploads. */
const MAX_UPLOAD_BYTES = 1536 * 1024;

const pdf = (texto = 'anexo') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${texto}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** A real PNG image (a QR code). */
let PNG_IMAGEN: Buffer;
const png = () => PNG_IMAGEN;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Attachments end to end: gateway (multipart, type from content, Storage on a temporary
 * directory) and documentos-service (rows, audit, outbox) over the real bus, PostgreSQL and Redis.
 */
describe('attachments', () => {
  let documentos: RunningApp;
  let gateway: RunningApp;
  let pg: Client;
  let redis: Redis;
  let bus: RedisStreamsClient;
  let storageDir: string;
  let tokens: Record<string, string>;
  let mesa: ReturnType<typeof api>;
  let auditor: ReturnType<typeof api>;
  let area1: ReturnType<typeof api>;
  let area2: ReturnType<typeof api>;
  let areaDG: number;

  const subir = (
    token: string,
    documentoId: string,
    cuerpo: Buffer,
    nombre: string,
    tipo = 'application/octet-stream',
    headers: Record<string, string> = {},
  ) => {
    const form = new FormData();
    form.append('archivo', new Blob([cuerpo], { type: tipo }), nombre);
    return fetch(`${gateway.url}/api/v1/documentos/${documentoId}/archivos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...headers },
      body: form,
    });
  };
  const subirOk = async (documentoId: string, cuerpo: Buffer, nombre: string, token = tokens.mesa) => {
    const res = await subir(token, documentoId, cuerpo, nombre);
    expect(res.status).toBe(201);
    return (await res.json()) as ArchivoDto;
  };
  const registrar = async (over: Record<string, unknown> = {}) => {
    const res = await mesa('POST', '/documentos', nuevoDocumento({ remitente: 'Anexos SAC', ...over }));
    expect(res.status).toBe(201);
    return res.body as DocumentoDto;
  };
  /** Every stored object of a document (the storage layout is archivos/<documentoId>/<archivoId>). */
  const guardados = async (documentoId: string) =>
    readdir(join(storageDir, 'archivos', documentoId)).catch(() => [] as string[]);
  const filas = async (documentoId: string) =>
    (
      await pg.query('SELECT * FROM documentos.archivo_adjunto WHERE documento_id = $1 ORDER BY created_at', [
        documentoId,
      ])
    ).rows;
  const acciones = async (documentoId: string) =>
    (
      await pg.query('SELECT accion FROM documentos.auditoria WHERE documento_id = $1 ORDER BY created_at, id', [
        documentoId,
      ])
    ).rows.map((r) => r.accion as string);
  const marcar = (payload: unknown) =>
    firstValueFrom(bus.send<MarcarProcesadoReply>(ArchivosPatterns.MARCAR_PROCESADO, payload));

  beforeAll(async () => {
    await seedDemo();
    PNG_IMAGEN = await QRCode.toBuffer('anexo');
    storageDir = await mkdtemp(join(tmpdir(), 'archivos-e2e-'));
    // A loaded test machine may answer slower than the default 5 s bus deadline.
    const env = {
      STORAGE_DIR: storageDir,
      MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      BUS_REQUEST_TIMEOUT_MS: '20000',
    };
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    redis = new Redis(process.env.REDIS_URL as string);
    documentos = await boot(documentosApp, env);
    gateway = await boot(gatewayApp, env);
    bus = new RedisStreamsClient({
      redisUrl: process.env.REDIS_URL as string,
      service: Services.DOCUMENTOS,
      keyPrefix: process.env.REDIS_KEY_PREFIX,
      timeoutMs: 5_000,
    });
    await bus.connect();
    const users = ['mesa', 'admin', 'auditor', 'area1', 'area2'];
    tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await login(gateway.url, u)])));
    [mesa, auditor, area1, area2] = ['mesa', 'auditor', 'area1', 'area2'].map((u) => api(gateway.url, tokens[u]));
    areaDG = (await pg.query(`SELECT id FROM documentos.area WHERE codigo = 'DG'`)).rows[0].id;
  });

  afterAll(async () => {
    await bus?.close();
    await gateway?.close();
    await documentos?.close();
    redis?.disconnect();
    await pg?.end();
    await rm(storageDir, { recursive: true, force: true });
  });

  describe('POST /documentos/:id/archivos', () => {
    it('stores the bytes with their SHA-256, records the row, the audit entry and archivo.registrado, and marks tiene_anexos', async () => {
      const doc = await registrar();
      expect((await mesa('GET', `/documentos/${doc.id}`)).body.tieneAnexos).toBe(false); // now cached
      const cuerpo = pdf('solicitud');
      const res = await subir(tokens.mesa, doc.id, cuerpo, 'Solicitud firmada.pdf');
      expect(res.status).toBe(201);
      const archivo = (await res.json()) as ArchivoDto;
      expect(archivo).toMatchObject({
        documentoId: doc.id,
        nombre: 'Solicitud firmada.pdf',
        tipoMime: 'application/pdf',
        tamano: cuerpo.length,
        hash: sha256(cuerpo),
        esPrincipal: true,
        procesado: false,
      });
      expect(archivo).not.toHaveProperty('storageKey');
      expect(res.headers.get('location')).toBe(`/api/v1/documentos/${doc.id}/archivos/${archivo.id}`);

      expect(await readFile(join(storageDir, 'archivos', doc.id, archivo.id))).toEqual(cuerpo);
      const [fila] = await filas(doc.id);
      expect(fila).toMatchObject({
        id: archivo.id,
        hash: sha256(cuerpo),
        storage_key: `archivos/${doc.id}/${archivo.id}`,
      });
      expect(await acciones(doc.id)).toEqual(['REGISTRO', 'ARCHIVO_ADJUNTADO']);
      // The cached detail was invalidated by the change of tiene_anexos.
      const detalle = await mesa('GET', `/documentos/${doc.id}`);
      expect(detalle.body).toMatchObject({ tieneAnexos: true });

      // The outbox relays archivo.registrado to its stream.
      const stream = `${process.env.REDIS_KEY_PREFIX}bus:evt:${Events.ARCHIVO_REGISTRADO}`;
      let evento: unknown;
      // Up to 30 s: the relay runs in another app of this busy process.
      for (let i = 0; i < 300 && !evento; i++) {
        const entries = await redis.xrange(stream, '-', '+');
        evento = entries.map(([, f]) => JSON.parse(f[1]).d).find((d) => d.archivoId === archivo.id);
        if (!evento) await new Promise((r) => setTimeout(r, 100));
      }
      expect(evento).toEqual({
        archivoId: archivo.id,
        documentoId: doc.id,
        storageKey: `archivos/${doc.id}/${archivo.id}`,
      });

      // A second attachment is not the main one, and changes nothing of the document.
      const segundo = await subirOk(doc.id, png(), 'plano.png');
      expect(segundo).toMatchObject({ tipoMime: 'image/png', esPrincipal: false });
      expect(await acciones(doc.id)).toEqual(['REGISTRO', 'ARCHIVO_ADJUNTADO', 'ARCHIVO_ADJUNTADO']);
    });

    it('shows attachments in the history, with their name, type, size and hash but not where they are stored', async () => {
      const doc = await registrar();
      const archivo = await subirOk(doc.id, pdf(), 'informe.pdf');
      const historial = (await mesa('GET', `/documentos/${doc.id}/historial`)).body.items as HistorialEntradaDto[];
      const entrada = historial.find((h) => h.accion === 'ARCHIVO_ADJUNTADO');
      expect(entrada).toMatchObject({
        antes: { tieneAnexos: false },
        despues: {
          tieneAnexos: true,
          archivo: {
            id: archivo.id,
            nombre: 'informe.pdf',
            tipoMime: 'application/pdf',
            tamano: archivo.tamano,
            hash: archivo.hash,
          },
        },
      });
      expect(JSON.stringify(entrada)).not.toContain('archivos/');
    });

    it.each([
      [
        'text named .pdf',
        () => Buffer.from('esto no es un pdf, solo texto plano\n'.repeat(20)),
        'contrato.pdf',
        415,
        'ARCHIVO_TIPO_NO_PERMITIDO',
      ],
      [
        'an executable named .pdf',
        () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]),
        'factura.pdf',
        415,
        'ARCHIVO_TIPO_NO_PERMITIDO',
      ],
      ['a PNG named .pdf', png, 'oficio.pdf', 422, 'ARCHIVO_TIPO_NO_COINCIDE'],
      ['a PDF named .docx', () => pdf(), 'carta.docx', 422, 'ARCHIVO_TIPO_NO_COINCIDE'],
      ['an empty file', () => Buffer.alloc(0), 'vacio.pdf', 415, 'ARCHIVO_TIPO_NO_PERMITIDO'],
    ])('refuses %s with a problem and stores nothing', async (_, cuerpo, nombre, status, code) => {
      const doc = await registrar();
      const res = await subir(tokens.mesa, doc.id, cuerpo(), nombre, 'application/pdf');
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe(code);
      expect(await guardados(doc.id)).toEqual([]);
      expect(await filas(doc.id)).toEqual([]);
      expect(await acciones(doc.id)).toEqual(['REGISTRO']);
    });

    it('refuses a file over MAX_UPLOAD_BYTES with 413 and leaves nothing behind; exactly the limit is accepted', async () => {
      const doc = await registrar();
      const grande = Buffer.concat([pdf(), Buffer.alloc(MAX_UPLOAD_BYTES, 0x20)]);
      const res = await subir(tokens.mesa, doc.id, grande, 'grande.pdf');
      expect(res.status).toBe(413);
      expect(((await res.json()) as { code: string }).code).toBe('ARCHIVO_DEMASIADO_GRANDE');
      expect(await guardados(doc.id)).toEqual([]);
      expect(await filas(doc.id)).toEqual([]);

      const justo = Buffer.concat([pdf(), Buffer.alloc(MAX_UPLOAD_BYTES - pdf().length, 0x20)]);
      expect((await subirOk(doc.id, justo, 'justo.pdf')).tamano).toBe(MAX_UPLOAD_BYTES);
    });

    it('answers 415 to a body that is not multipart and 400 to a form without a file', async () => {
      const doc = await registrar();
      const json = await mesa('POST', `/documentos/${doc.id}/archivos`, { archivo: 'x' });
      expect(json.status).toBe(415);
      expect(json.body.code).toBe('MULTIPART_REQUERIDO');
      const form = new FormData();
      form.append('nota', 'sin archivo');
      const sinArchivo = await fetch(`${gateway.url}/api/v1/documentos/${doc.id}/archivos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.mesa}` },
        body: form,
      });
      expect(sinArchivo.status).toBe(400);
      expect(((await sinArchivo.json()) as { code: string }).code).toBe('ARCHIVO_REQUERIDO');
    });

    it('deletes the stored bytes when the document cannot take the attachment (unknown, another office, archived)', async () => {
      const desconocido = randomUUID();
      const res = await subir(tokens.mesa, desconocido, pdf(), 'a.pdf');
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('DOCUMENTO_NOT_FOUND');
      expect(await guardados(desconocido)).toEqual([]);

      const deDG = await registrar({ areaActualId: areaDG });
      const ajena = await subir(tokens.area1, deDG.id, pdf(), 'a.pdf');
      expect(ajena.status).toBe(404);
      expect(await guardados(deDG.id)).toEqual([]);
      expect(await filas(deDG.id)).toEqual([]);

      const archivado = (await pg.query(`SELECT id FROM documentos.documento WHERE estado = 'ARCHIVADO' LIMIT 1`))
        .rows[0].id as string;
      const cerrado = await subir(tokens.mesa, archivado, pdf(), 'a.pdf');
      expect(cerrado.status).toBe(409);
      expect(((await cerrado.json()) as { code: string }).code).toBe('DOCUMENTO_ARCHIVADO');
      expect(await guardados(archivado)).toEqual([]);
      expect(await filas(archivado)).toEqual([]);
    });

    it('refuses another office or a closed case before reading the body, so nothing is stored', async () => {
      // A body that never ends: only a refusal decided before reading it can be answered.
      const sinFin = (token: string, documentoId: string) => {
        const boundary = 'limite';
        const inicio = `--${boundary}\r\ncontent-disposition: form-data; name="archivo"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\n`;
        const cuerpo = new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(inicio)) });
        return fetch(`${gateway.url}/api/v1/documentos/${documentoId}/archivos`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: cuerpo,
          duplex: 'half',
          signal: AbortSignal.timeout(30_000),
        } as RequestInit);
      };
      const deDG = await registrar({ areaActualId: areaDG });
      const ajena = await sinFin(tokens.area1, deDG.id);
      expect(ajena.status).toBe(404);
      expect(await guardados(deDG.id)).toEqual([]);
      const archivado = (await pg.query(`SELECT id FROM documentos.documento WHERE estado = 'ARCHIVADO' LIMIT 1`)).rows[0].id as string;
      const cerrado = await sinFin(tokens.mesa, archivado);
      expect(cerrado.status).toBe(409);
      expect(await guardados(archivado)).toEqual([]);
    });

    it('a keyed upload retried after its answer was lost answers the first attachment, keeping one row and one file', async () => {
      const doc = await registrar();
      const key = { 'idempotency-key': `subida-${doc.id}` };
      const primera = await subir(tokens.mesa, doc.id, pdf(), 'oficio.pdf', 'application/pdf', key);
      expect(primera.status).toBe(201);
      const archivo = (await primera.json()) as ArchivoDto;
      // As if the gateway had timed out and a retry had taken its claim over: only documentos remembers.
      await pg.query('DELETE FROM gateway.idempotencia WHERE key = $1', [key['idempotency-key']]);
      const retry = await subir(tokens.mesa, doc.id, pdf(), 'oficio.pdf', 'application/pdf', key);
      expect(retry.status).toBe(201);
      expect(((await retry.json()) as ArchivoDto).id).toBe(archivo.id);
      expect((await filas(doc.id)).map((f) => f.id)).toEqual([archivo.id]);
      expect(await guardados(doc.id)).toEqual([archivo.id]);
      // The same key with another file is another request: refused, and its bytes not kept.
      await pg.query('DELETE FROM gateway.idempotencia WHERE key = $1', [key['idempotency-key']]);
      const otro = await subir(tokens.mesa, doc.id, pdf('otro'), 'oficio.pdf', 'application/pdf', key);
      expect(otro.status).toBe(422);
      expect(((await otro.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await guardados(doc.id)).toEqual([archivo.id]);
    });

    it('lets the office holding the document attach, and refuses the auditor (403) before reading the body', async () => {
      const doc = await registrar({ areaActualId: areaDG });
      expect((await subirOk(doc.id, pdf(), 'respuesta.pdf', tokens.area2)).documentoId).toBe(doc.id);
      const res = await subir(tokens.auditor, doc.id, pdf(), 'a.pdf');
      expect(res.status).toBe(403);
      expect(await filas(doc.id)).toHaveLength(1);
    });
  });

  describe('list, download and delete', () => {
    it('lists oldest first in keyset pages, to whoever may read the document; other offices get 404', async () => {
      const doc = await registrar({ areaActualId: areaDG });
      const a = await subirOk(doc.id, pdf('1'), 'uno.pdf');
      const b = await subirOk(doc.id, pdf('2'), 'dos.pdf');
      const c = await subirOk(doc.id, png(), 'tres.png');
      const p1 = await auditor('GET', `/documentos/${doc.id}/archivos?limit=2`);
      expect(p1.status).toBe(200);
      expect(p1.body.items.map((x: ArchivoDto) => x.id)).toEqual([a.id, b.id]);
      const p2 = await auditor(
        'GET',
        `/documentos/${doc.id}/archivos?limit=2&cursor=${encodeURIComponent(p1.body.nextCursor)}`,
      );
      expect(p2.body).toEqual({ items: [c], nextCursor: null });
      expect((await area2('GET', `/documentos/${doc.id}/archivos`)).body.items).toHaveLength(3);
      const ajena = await area1('GET', `/documentos/${doc.id}/archivos`);
      expect(ajena.status).toBe(404);
      expect(ajena.body.code).toBe('DOCUMENTO_NOT_FOUND');
      expect((await mesa('GET', `/documentos/${doc.id}/archivos?cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);
    });

    it('streams the bytes with their type, length and a safe file name', async () => {
      const doc = await registrar();
      const cuerpo = pdf('resolución');
      const archivo = await subirOk(doc.id, cuerpo, 'Resolución N° 12 "final".pdf');
      const res = await fetch(`${gateway.url}/api/v1/documentos/${doc.id}/archivos/${archivo.id}`, {
        headers: { authorization: `Bearer ${tokens.auditor}` },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(cuerpo);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-length')).toBe(String(cuerpo.length));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="Resolucion N_ 12 _final_.pdf"; filename*=UTF-8''${encodeURIComponent('Resolución N° 12 "final".pdf')}`,
      );
    });

    it('answers 404 for an attachment of another document, an unknown one, or a document of another office', async () => {
      const doc = await registrar({ areaActualId: areaDG });
      const otro = await registrar();
      const archivo = await subirOk(doc.id, pdf(), 'a.pdf');
      for (const [cliente, path] of [
        [mesa, `/documentos/${otro.id}/archivos/${archivo.id}`],
        [mesa, `/documentos/${doc.id}/archivos/${randomUUID()}`],
        [mesa, `/documentos/${doc.id}/archivos/no-es-uuid`],
        [area1, `/documentos/${doc.id}/archivos/${archivo.id}`],
      ] as const) {
        const res = await cliente('GET', path);
        expect(res.status).toBe(404);
        expect(['ARCHIVO_NOT_FOUND', 'DOCUMENTO_NOT_FOUND']).toContain(res.body.code);
      }
    });

    it('deletes row and bytes (office of the document, audited); auditor 403, other office 404, twice 404', async () => {
      const doc = await registrar({ areaActualId: areaDG });
      const archivo = await subirOk(doc.id, pdf(), 'borrar.pdf');
      const path = `/documentos/${doc.id}/archivos/${archivo.id}`;
      expect((await auditor('DELETE', path)).status).toBe(403);
      expect((await area1('DELETE', path)).status).toBe(404);
      expect(await guardados(doc.id)).toEqual([archivo.id]);

      expect((await area2('DELETE', path)).status).toBe(204);
      expect(await guardados(doc.id)).toEqual([]);
      expect(await filas(doc.id)).toEqual([]);
      expect(await acciones(doc.id)).toEqual(['REGISTRO', 'ARCHIVO_ADJUNTADO', 'ARCHIVO_ELIMINADO']);
      const again = await area2('DELETE', path);
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('ARCHIVO_NOT_FOUND');
      expect((await mesa('GET', path)).status).toBe(404);
    });

    it('keeps tiene_anexos true while the document has attachments', async () => {
      const doc = await registrar();
      await subirOk(doc.id, pdf(), 'a.pdf');
      const res = await mesa('PATCH', `/documentos/${doc.id}`, { tieneAnexos: false });
      expect(res.status).toBe(200);
      expect(res.body.tieneAnexos).toBe(true);
      expect(
        (await pg.query('SELECT tiene_anexos FROM documentos.documento WHERE id = $1', [doc.id])).rows[0].tiene_anexos,
      ).toBe(true);
    });
  });

  describe(`bus: ${ArchivosPatterns.MARCAR_PROCESADO}`, () => {
    it('marks once (a redelivery changes nothing), refuses a different hash, and tolerates a deleted attachment', async () => {
      const doc = await registrar();
      const cuerpo = pdf('procesar');
      const archivo = await subirOk(doc.id, cuerpo, 'a.pdf');
      const pedido = { archivoId: archivo.id, hash: sha256(cuerpo), tipoMime: 'application/pdf', paginas: 1 };
      expect(await marcar(pedido)).toEqual({ archivoId: archivo.id, resultado: 'PROCESADO' });
      expect(await marcar({ ...pedido, paginas: 7 })).toEqual({ archivoId: archivo.id, resultado: 'YA_PROCESADO' });
      const [fila] = await filas(doc.id);
      expect(fila).toMatchObject({ procesado: true, paginas: 1 });
      expect((await mesa('GET', `/documentos/${doc.id}/archivos`)).body.items[0]).toMatchObject({
        procesado: true,
        paginas: 1,
      });

      const otro = await subirOk(doc.id, pdf('otro'), 'b.pdf');
      await expect(marcar({ ...pedido, archivoId: otro.id })).rejects.toMatchObject({
        code: 'ARCHIVO_INTEGRIDAD',
        status: 409,
      });
      expect((await filas(doc.id)).find((f) => f.id === otro.id)).toMatchObject({ procesado: false });

      expect(await marcar({ ...pedido, archivoId: randomUUID() })).toMatchObject({ resultado: 'ELIMINADO' });
    });

    it("stores the job's signatures, and the document's detail sums them up as soon as they are stored", async () => {
      const doc = await registrar();
      const cuerpo = pdf('firmado');
      const archivo = await subirOk(doc.id, cuerpo, 'firmado.pdf');
      // Read (and cached) while the attachment waits for the job.
      expect((await mesa('GET', `/documentos/${doc.id}`)).body.firmas).toEqual({ total: 0, validas: 0, pendientes: 1, todasValidas: false });
      const firma = {
        resultado: 'VALIDA',
        codigo: 'FIRMA_VALIDA',
        motivo: 'La firma es válida.',
        subFilter: 'ETSI.CAdES.detached',
        firmante: 'QUISPE MAMANI Rosa',
        dni: '12345678',
        ruc: null,
        emisor: 'CN=Intermedia, C=PE',
        serie: '03e8',
        fechaFirma: '2026-12-01T15:00:00.000Z',
        fuenteFecha: 'DECLARADA_PDF',
        revocacion: 'NO_REVOCADO',
        modificadoDespues: false,
      };
      const pedido = { archivoId: archivo.id, hash: sha256(cuerpo), tipoMime: 'application/pdf', paginas: 1, firmas: [firma] };
      expect(await marcar(pedido)).toMatchObject({ resultado: 'PROCESADO' });
      // A redelivery with other results changes nothing.
      expect(await marcar({ ...pedido, firmas: [] })).toMatchObject({ resultado: 'YA_PROCESADO' });
      expect((await mesa('GET', `/documentos/${doc.id}/archivos`)).body.items[0].firmas).toEqual([firma]);
      expect((await mesa('GET', `/documentos/${doc.id}`)).body.firmas).toEqual({ total: 1, validas: 1, pendientes: 0, todasValidas: true });

      // Another PDF, not yet verified: the detail no longer says all are valid.
      await subirOk(doc.id, pdf('otro firmado'), 'otro.pdf');
      expect((await mesa('GET', `/documentos/${doc.id}`)).body.firmas).toEqual({ total: 1, validas: 1, pendientes: 1, todasValidas: false });
    });
  });
});
