import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { loadConfig } from '@mesa/shared/config';
import { ArchivoDto, ArchivosPage, DocumentoDetalleDto, ProcesarArchivoAdjuntoJob, Queues } from '@mesa/shared/contracts';
import { queueConnection, queuePrefix } from '@mesa/shared/queue';
import { aPem, caPrueba, CaPrueba, firmarPdf, waitUntil } from '@mesa/shared/testing';
import { reportesApp } from '../../reportes-worker/src/app.definition';
import type { ResultadoArchivo } from '../../reportes-worker/src/archivos/procesar-archivo.processor';
import { pdfDePaginas } from '../../reportes-worker/test/pdf';
import { prefijoPropio, storageTemporal } from '../../reportes-worker/test/support';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo } from './support';

/**
 * Attachment processing end to end: an upload through the gateway makes documentos-service
 * publish archivo.registrado; reportes-worker queues the job, reads the bytes from Storage,
 * verifies a PDF's signatures against the trust store it was started with (a CA made here) and
 * marks the attachment processed over the bus; the gateway shows the signatures.
 */
describe('procesar_archivo_adjunto', () => {
  let apps: RunningApp[];
  let gatewayUrl: string;
  let token: string;
  let storage: Awaited<ReturnType<typeof storageTemporal>>;
  let pg: Client;
  let cola: Queue<ProcesarArchivoAdjuntoJob, ResultadoArchivo>;
  let ca: CaPrueba;
  let confianza: string;

  const subir = async (documentoId: string, cuerpo: Buffer, nombre: string): Promise<ArchivoDto> => {
    const form = new FormData();
    form.append('archivo', new Blob([cuerpo]), nombre);
    const res = await fetch(`${gatewayUrl}/api/v1/documentos/${documentoId}/archivos`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(res.status).toBe(201);
    return (await res.json()) as ArchivoDto;
  };
  const fila = async (id: string) =>
    (await pg.query(`SELECT procesado, paginas, hash FROM documentos.archivo_adjunto WHERE id = $1`, [id])).rows[0] as { procesado: boolean; paginas: number | null; hash: string };
  /** The job, once BullMQ recorded it completed (a moment after the row was marked). */
  const completado = async (id: string) => {
    expect(await waitUntil(async () => (await (await cola.getJob(id))?.getState()) === 'completed', { timeoutMs: 30_000 })).toBe(true);
    return cola.getJob(id);
  };
  const procesado = async (id: string) => {
    expect(await waitUntil(async () => (await fila(id)).procesado, { timeoutMs: 30_000 })).toBe(true);
    return fila(id);
  };

  beforeAll(async () => {
    await seedDemo();
    storage = await storageTemporal();
    ca = await caPrueba();
    confianza = await mkdtemp(join(tmpdir(), 'confianza-e2e-'));
    await writeFile(join(confianza, 'raiz.pem'), ca.raiz.pem);
    await writeFile(join(confianza, 'intermedia.pem'), ca.intermedia.pem);
    await writeFile(join(confianza, 'intermedia.crl'), aPem('X509 CRL', ca.crl));
    await writeFile(join(confianza, 'raiz.crl'), ca.crlRaiz);
    const prefix = prefijoPropio('gw-archivos');
    const env = { STORAGE_DIR: storage.dir, REDIS_KEY_PREFIX: prefix };
    const trustStore = {
      FIRMA_CONFIANZA: `${join(confianza, 'raiz.pem')},${join(confianza, 'intermedia.pem')}`,
      FIRMA_CRL: `${join(confianza, 'intermedia.crl')},${join(confianza, 'raiz.crl')}`,
    };
    apps = [await boot(documentosApp, env), await boot(reportesApp, { ...env, ...trustStore })];
    const gateway = await boot(gatewayApp, env);
    apps.push(gateway);
    gatewayUrl = gateway.url;
    token = await login(gatewayUrl, 'mesa');
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    const config = loadConfig({ ...process.env, REDIS_KEY_PREFIX: prefix });
    cola = new Queue(Queues.PROCESAR_ARCHIVO_ADJUNTO, { connection: queueConnection(config), prefix: queuePrefix(config) });
  });

  afterAll(async () => {
    await cola?.close();
    for (const app of [...(apps ?? [])].reverse()) await app.close();
    await pg?.end();
    await storage?.borrar();
    if (confianza) await rm(confianza, { recursive: true, force: true });
  });

  it('hashes, types and counts the pages of an uploaded PDF, and marks it processed once', async () => {
    const { body: doc } = await api(gatewayUrl, token)('POST', '/documentos', nuevoDocumento({ asunto: 'Con anexos para procesar' }));
    const bytes = await pdfDePaginas(3);
    const archivo = await subir(doc.id, bytes, 'solicitud.pdf');
    expect(await procesado(archivo.id)).toEqual({ procesado: true, paginas: 3, hash: createHash('sha256').update(bytes).digest('hex') });

    const job = await completado(archivo.id);
    expect(job?.returnvalue).toMatchObject({ archivoId: archivo.id, tipoMime: 'application/pdf', paginas: 3, resultado: 'PROCESADO' });

    // Delivered again (at least once): the same job id, run again, changes nothing.
    await job?.remove();
    const otra = await cola.add('procesar', { archivoId: archivo.id, documentoId: doc.id, storageKey: job?.data.storageKey as string }, { jobId: archivo.id });
    expect(await waitUntil(async () => (await otra.getState()) === 'completed', { timeoutMs: 30_000 })).toBe(true);
    expect((await cola.getJob(archivo.id))?.returnvalue.resultado).toBe('YA_PROCESADO');
    expect((await fila(archivo.id)).paginas).toBe(3);
  });

  it('types a non-PDF from its content and gives it no page count', async () => {
    const { body: doc } = await api(gatewayUrl, token)('POST', '/documentos', nuevoDocumento({ asunto: 'Con una imagen' }));
    // A 1×1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64');
    const archivo = await subir(doc.id, png, 'foto.png');
    expect((await procesado(archivo.id)).paginas).toBeNull();
    expect((await completado(archivo.id))?.returnvalue.tipoMime).toBe('image/png');
  });

  it('processes hostile PDFs (a quadratic trap for the old regex, a deflate bomb) without holding the worker', async () => {
    const { body: doc } = await api(gatewayUrl, token)('POST', '/documentos', nuevoDocumento({ asunto: 'Con anexos hostiles' }));
    // 4 MB of `<<`: the page-count regex this replaces took 2 s at 40 KB, and grew with the square.
    const trampa = Buffer.from(`%PDF-1.7\n${'<<'.repeat(2 * 1024 * 1024)}`, 'latin1');
    // An object stream of 64 MB of zeros in some 64 KB: past the 32 MB the counter inflates.
    const objetos = deflateSync(Buffer.concat([Buffer.from('<< /Type /Page >>'), Buffer.alloc(64 * 1024 * 1024)]));
    const bomba = Buffer.concat([
      Buffer.from(`%PDF-1.5\n5 0 obj << /Type /ObjStm /N 1 /First 4 /Length ${objetos.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
      objetos,
      Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
    ]);
    const hostiles = [await subir(doc.id, trampa, 'trampa.pdf'), await subir(doc.id, bomba, 'bomba.pdf')];
    const normal = await subir(doc.id, await pdfDePaginas(2), 'normal.pdf');

    // All three are processed: the hostile ones without a page count, the normal one counted.
    expect((await procesado(normal.id)).paginas).toBe(2);
    for (const h of hostiles) expect((await procesado(h.id)).paginas).toBeNull();
    for (const h of hostiles) {
      const job = await completado(h.id);
      expect(job?.returnvalue).toMatchObject({ tipoMime: 'application/pdf', paginas: null, resultado: 'PROCESADO' });
    }
  });

  it('shows each signature of an uploaded PDF on the attachment, and on the document whether all are valid', async () => {
    const mesa = api(gatewayUrl, token);
    const { body: doc } = await mesa('POST', '/documentos', nuevoDocumento({ asunto: 'Solicitud firmada' }));
    const firmado = await firmarPdf(await pdfDePaginas(2), ca.firmante);
    const valido = await subir(doc.id, firmado, 'solicitud-firmada.pdf');
    expect(valido.firmas).toBeNull();
    await procesado(valido.id);

    const detalle = await mesa('GET', `/documentos/${doc.id}`);
    expect(detalle.status).toBe(200);
    expect((detalle.body as DocumentoDetalleDto).firmas).toEqual({ total: 1, validas: 1, pendientes: 0, todasValidas: true });

    // A second, tampered copy: its signature fails, and the document no longer has all valid.
    const alterado = Buffer.from(firmado);
    alterado[alterado.indexOf('stream') + 10] ^= 0x01;
    const roto = await subir(doc.id, alterado, 'alterado.pdf');
    await procesado(roto.id);

    const lista = await mesa('GET', `/documentos/${doc.id}/archivos`);
    expect(lista.status).toBe(200);
    const porId = new Map((lista.body as ArchivosPage).items.map((a) => [a.id, a]));
    expect(porId.get(valido.id)?.firmas).toEqual([
      expect.objectContaining({
        resultado: 'VALIDA',
        codigo: 'FIRMA_VALIDA',
        firmante: 'QUISPE MAMANI Rosa',
        dni: '12345678',
        ruc: '20123456789',
        emisor: 'CN=Intermedia de Prueba, C=PE',
        fuenteFecha: 'DECLARADA_CMS',
        revocacion: 'NO_REVOCADO',
        modificadoDespues: false,
      }),
    ]);
    expect(porId.get(roto.id)?.firmas).toEqual([expect.objectContaining({ resultado: 'NO_VALIDA', codigo: 'DIGEST_NO_COINCIDE' })]);

    const despues = await mesa('GET', `/documentos/${doc.id}`);
    expect((despues.body as DocumentoDetalleDto).firmas).toEqual({ total: 2, validas: 1, pendientes: 0, todasValidas: false });
  });

  it('stores an unsigned PDF as verified with no signature, and says the document has none', async () => {
    const mesa = api(gatewayUrl, token);
    const { body: doc } = await mesa('POST', '/documentos', nuevoDocumento({ asunto: 'Solicitud sin firma' }));
    const archivo = await subir(doc.id, await pdfDePaginas(1), 'sin-firma.pdf');
    await procesado(archivo.id);
    const lista = await mesa('GET', `/documentos/${doc.id}/archivos`);
    expect((lista.body as ArchivosPage).items[0].firmas).toEqual([]);
    expect(((await mesa('GET', `/documentos/${doc.id}`)).body as DocumentoDetalleDto).firmas).toEqual({ total: 0, validas: 0, pendientes: 0, todasValidas: false });
  });
});
