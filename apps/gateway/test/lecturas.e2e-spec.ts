import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import { BusClient, RunningApp } from '@mesa/shared/app';
import { RedisStreamsClient } from '@mesa/shared/bus';
import { DocumentoDto, DocumentoLeidoEvent, LecturaDto, LecturasEvents, Rol, Services } from '@mesa/shared/contracts';
import { metricsRegistry } from '@mesa/shared/metrics';
import { LecturasAuditoria } from '../src/lecturas/lecturas.auditoria';
import { LecturasWriter } from '../../documentos-service/src/lecturas/lecturas.writer';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo } from './support';

interface FilaLectura {
  evento_id: string;
  usuario_id: string;
  recurso: string;
  archivo_id: string | null;
  ip: string | null;
  registrado_en: Date;
}

/** The receipt renders a PDF: on a loaded test machine it may take longer than the default 5 s. */
const ENV = { BUS_REQUEST_TIMEOUT_MS: '20000' };

/** A port nothing listens on: the cache's Redis is down. */
const CACHE_CAIDO = 'redis://127.0.0.1:1';

/**
 * Every read of a document by a person ends up in documentos.lectura: the gateway appends a
 * `documento.leido` event without waiting, documentos-service writes them in batches. Against
 * the real bus, PostgreSQL and Redis; other suites may share them, so every assertion is about
 * documents this file registered or reads it made.
 */
describe('audit of reads', () => {
  let documentos: RunningApp;
  let gateway: RunningApp;
  let pg: Client;
  let storageDir: string;
  let url: string;
  let tokens: Record<string, string>;
  let mesa: ReturnType<typeof api>;
  let auditor: ReturnType<typeof api>;
  let area1: ReturnType<typeof api>;
  let usuarios: Record<string, string>;

  const registrar = async (over: Record<string, unknown> = {}) => {
    const res = await mesa('POST', '/documentos', nuevoDocumento({ remitente: 'Lecturas EIRL', ...over }));
    expect(res.status).toBe(201);
    return res.body as DocumentoDto;
  };
  const lecturas = async (documentoId: string) =>
    (
      await pg.query(
        `SELECT evento_id, usuario_id, recurso, archivo_id, host(ip) AS ip, registrado_en
           FROM documentos.lectura WHERE documento_id = $1 ORDER BY leido_en, id`,
        [documentoId],
      )
    ).rows as FilaLectura[];
  /** Reads are written within moments, not within the request: wait for them (bounded). */
  const esperarLecturas = async (documentoId: string, cuantas: number) => {
    let filas: FilaLectura[] = [];
    for (let i = 0; i < 100; i++) {
      filas = await lecturas(documentoId);
      if (filas.length >= cuantas) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return filas;
  };

  beforeAll(async () => {
    await seedDemo();
    storageDir = await mkdtemp(join(tmpdir(), 'lecturas-e2e-'));
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    documentos = await boot(documentosApp, { ...ENV, STORAGE_DIR: storageDir });
    gateway = await boot(gatewayApp, { ...ENV, STORAGE_DIR: storageDir });
    url = gateway.url;
    tokens = Object.fromEntries(
      await Promise.all(['mesa', 'auditor', 'area1', 'admin'].map(async (u) => [u, await login(url, u)])),
    );
    [mesa, auditor, area1] = ['mesa', 'auditor', 'area1'].map((u) => api(url, tokens[u]));
    const { rows } = await pg.query(
      `SELECT username, id FROM gateway.usuario WHERE username IN ('mesa', 'auditor', 'area1')`,
    );
    usuarios = Object.fromEntries(rows.map((r) => [r.username, r.id]));
  });

  afterAll(async () => {
    await gateway?.close();
    await documentos?.close();
    await pg?.end();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('records who read the detail, the history, the receipt, the QR and the attachments, and from where', async () => {
    const doc = await registrar();
    const form = new FormData();
    form.append('archivo', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'a.pdf');
    const subida = await fetch(`${url}/api/v1/documentos/${doc.id}/archivos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.mesa}` },
      body: form,
    });
    expect(subida.status).toBe(201);
    const archivoId = ((await subida.json()) as { id: string }).id;

    expect((await mesa('GET', `/documentos/${doc.id}`)).status).toBe(200);
    expect((await auditor('GET', `/documentos/${doc.id}/historial`)).status).toBe(200);
    expect((await mesa('GET', `/documentos/${doc.id}/comprobante`)).status).toBe(200);
    expect((await mesa('GET', `/documentos/${doc.id}/qr`)).status).toBe(200);
    expect((await auditor('GET', `/documentos/${doc.id}/archivos`)).status).toBe(200);
    expect((await auditor('GET', `/documentos/${doc.id}/archivos/${archivoId}`)).status).toBe(200);

    const filas = await esperarLecturas(doc.id, 6);
    expect(
      filas
        .map(({ usuario_id, recurso, archivo_id }) => ({ usuario_id, recurso, archivo_id }))
        .sort((a, b) => a.recurso.localeCompare(b.recurso)),
    ).toEqual([
      { usuario_id: usuarios.auditor, recurso: 'ARCHIVO', archivo_id: archivoId },
      { usuario_id: usuarios.auditor, recurso: 'ARCHIVOS', archivo_id: null },
      { usuario_id: usuarios.mesa, recurso: 'COMPROBANTE', archivo_id: null },
      { usuario_id: usuarios.mesa, recurso: 'DETALLE', archivo_id: null },
      { usuario_id: usuarios.auditor, recurso: 'HISTORIAL', archivo_id: null },
      { usuario_id: usuarios.mesa, recurso: 'QR', archivo_id: null },
    ]);
    for (const f of filas) expect(f.ip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    // The registration itself and the upload are changes, not reads.
    expect(filas).toHaveLength(6);
  });

  it('does not record a read that was refused (another office, unknown document)', async () => {
    const doc = await registrar();
    expect((await area1('GET', `/documentos/${doc.id}`)).status).toBe(404);
    expect((await area1('GET', `/documentos/${doc.id}/historial`)).status).toBe(404);
    expect((await mesa('GET', `/documentos/${doc.id}`)).status).toBe(200);
    const filas = await esperarLecturas(doc.id, 1);
    // Wait as long again: a stray read of area1 would have arrived by now.
    await new Promise((r) => setTimeout(r, 500));
    expect((await lecturas(doc.id)).map((f) => f.usuario_id)).toEqual([usuarios.mesa]);
    expect(filas).toHaveLength(1);
  });

  it('prints the receipt of a seeded document (its code derived like the app derives it), and records that read', async () => {
    // The seed gives its documents time-ordered (version 7) ids; the app registers version 4 ones.
    const { rows } = await pg.query(
      `SELECT id FROM documentos.documento WHERE substr(id::text, 15, 1) = '7' ORDER BY numero_expediente LIMIT 1`,
    );
    const sembrado = rows[0].id as string;
    const res = await fetch(`${url}/api/v1/documentos/${sembrado}/comprobante`, {
      headers: { authorization: `Bearer ${tokens.mesa}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await esperarLecturas(sembrado, 1)).map((f) => f.recurso)).toContain('COMPROBANTE');
  });

  it('answers the detail with an ETag, 304 while unchanged, and a new ETag after a change', async () => {
    const doc = await registrar();
    const primera = await mesa('GET', `/documentos/${doc.id}`);
    const etag = primera.headers.get('etag') as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(primera.body).toMatchObject({ id: doc.id, asunto: doc.asunto });

    const igual = await mesa('GET', `/documentos/${doc.id}`, undefined, { 'if-none-match': etag });
    expect(igual.status).toBe(304);
    expect(igual.body).toBeUndefined();
    expect(igual.headers.get('etag')).toBe(etag);
    expect(
      (await mesa('GET', `/documentos/${doc.id}`, undefined, { 'if-none-match': `"otro", W/${etag}` })).status,
    ).toBe(304);
    expect((await mesa('GET', `/documentos/${doc.id}`, undefined, { 'if-none-match': '"otro"' })).status).toBe(200);

    expect((await mesa('PATCH', `/documentos/${doc.id}`, { asunto: 'Asunto cambiado' })).status).toBe(200);
    const cambiada = await mesa('GET', `/documentos/${doc.id}`, undefined, { 'if-none-match': etag });
    expect(cambiada.status).toBe(200);
    expect(cambiada.body.asunto).toBe('Asunto cambiado');
    expect(cambiada.headers.get('etag')).not.toBe(etag);
    // Another office still gets 404, whatever ETag it sends.
    expect((await area1('GET', `/documentos/${doc.id}`, undefined, { 'if-none-match': '*' })).status).toBe(404);
  });

  it('lists who read a document, newest first in keyset pages, to ADMIN and AUDITOR only', async () => {
    const doc = await registrar();
    for (let i = 0; i < 3; i++) expect((await mesa('GET', `/documentos/${doc.id}`)).status).toBe(200);
    expect((await auditor('GET', `/documentos/${doc.id}/historial`)).status).toBe(200);
    await esperarLecturas(doc.id, 4);
    const p1 = await auditor('GET', `/documentos/${doc.id}/lecturas?limit=3`);
    expect(p1.status).toBe(200);
    const items = p1.body.items as LecturaDto[];
    expect(items.map((l) => l.recurso)).toEqual(['HISTORIAL', 'DETALLE', 'DETALLE']);
    expect(items[0]).toMatchObject({ usuarioId: usuarios.auditor, archivoId: null });
    const p2 = await auditor(
      'GET',
      `/documentos/${doc.id}/lecturas?limit=3&cursor=${encodeURIComponent(p1.body.nextCursor)}`,
    );
    expect(p2.body.items.map((l: LecturaDto) => l.recurso)).toEqual(['DETALLE']);
    expect(p2.body.nextCursor).toBeNull();
    expect((await mesa('GET', `/documentos/${doc.id}/lecturas`)).status).toBe(403);
    expect((await area1('GET', `/documentos/${doc.id}/lecturas`)).status).toBe(403);
    expect((await auditor('GET', `/documentos/${randomUUID()}/lecturas`)).status).toBe(404);
  });

  it('writes concurrent reads with one statement, a redelivered event once, and drops a malformed one', async () => {
    const writer = documentos.app.get(LecturasWriter);
    const documentoId = (await registrar()).id;
    const base: DocumentoLeidoEvent = {
      documentoId,
      usuarioId: usuarios.mesa,
      recurso: 'DETALLE',
      archivoId: null,
      ip: '10.1.2.3',
      leidoEn: new Date().toISOString(),
    };
    const eventos = Array.from({ length: 30 }, () => ({ ...base, eventoId: randomUUID() }));
    await Promise.all([
      ...eventos.map((e) => writer.registrar(e)),
      writer.registrar({ ...eventos[0] }),
      writer.registrar({ ...base, recurso: 'OTRA_COSA' as never, eventoId: randomUUID() }),
    ]);
    const filas = await lecturas(documentoId);
    expect(filas.map((f) => f.evento_id).sort()).toEqual(eventos.map((e) => e.eventoId).sort());
    // now() is the statement's transaction start: one value means one INSERT.
    expect(new Set(filas.map((f) => f.registrado_en.toISOString())).size).toBe(1);
    expect(filas[0].ip).toBe('10.1.2.3');
    await expect(pg.query('DELETE FROM documentos.lectura WHERE documento_id = $1', [documentoId])).rejects.toThrow(
      /append-only/,
    );
    await expect(
      pg.query(`UPDATE documentos.lectura SET recurso = 'QR' WHERE documento_id = $1`, [documentoId]),
    ).rejects.toThrow(/append-only/);
  });

  it('keeps read events while documentos-service is down, and with the cache Redis down reads still answer and are recorded', async () => {
    const doc = await registrar();
    await documentos.close();
    const bus = new RedisStreamsClient({
      redisUrl: process.env.REDIS_URL as string,
      service: Services.DOCUMENTOS,
      keyPrefix: process.env.REDIS_KEY_PREFIX,
    });
    await bus.connect();
    const mientras: DocumentoLeidoEvent = {
      documentoId: doc.id,
      usuarioId: usuarios.auditor,
      recurso: 'HISTORIAL',
      archivoId: null,
      ip: null,
      leidoEn: new Date().toISOString(),
    };
    await Promise.all(
      [1, 2].map(() => firstValueFrom(bus.emit(LecturasEvents.DOCUMENTO_LEIDO, mientras), { defaultValue: undefined })),
    );
    await bus.close();

    documentos = await boot(documentosApp, {
      ...ENV,
      STORAGE_DIR: storageDir,
      CACHE_REDIS_URL: CACHE_CAIDO,
      CACHE_COMMAND_TIMEOUT_MS: '50',
    });
    const sinCache = await boot(gatewayApp, {
      ...ENV,
      STORAGE_DIR: storageDir,
      CACHE_REDIS_URL: CACHE_CAIDO,
      CACHE_COMMAND_TIMEOUT_MS: '50',
    });
    try {
      const lector = api(sinCache.url, await login(sinCache.url, 'mesa'));
      const res = await lector('GET', `/documentos/${doc.id}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(doc.id);
      expect((await lector('GET', `/documentos/${doc.id}/historial`)).status).toBe(200);
      const filas = await esperarLecturas(doc.id, 4);
      expect(filas.map((f) => `${f.usuario_id === usuarios.mesa ? 'mesa' : 'auditor'}:${f.recurso}`).sort()).toEqual([
        'auditor:HISTORIAL',
        'auditor:HISTORIAL',
        'mesa:DETALLE',
        'mesa:HISTORIAL',
      ]);
    } finally {
      await sinCache.close();
    }
  });
});

describe('appending a read event', () => {
  it('never throws nor waits when the stream cannot be written, and counts the failure', async () => {
    // A bus client whose Redis does not answer: its emit fails once connecting times out.
    const client = new RedisStreamsClient({ redisUrl: CACHE_CAIDO, service: Services.DOCUMENTOS, timeoutMs: 200 });
    const auditoria = new LecturasAuditoria(new BusClient(new Map([[Services.DOCUMENTOS, client]])));
    const fallidas = async () =>
      ((await metricsRegistry.getSingleMetric('gateway_lecturas_auditadas_total')?.get())?.values ?? []).find(
        (v) => v.labels.result === 'failed',
      )?.value ?? 0;
    const antes = await fallidas();
    const actor = { userId: randomUUID(), username: 'mesa', rol: Rol.MESA_PARTES, areaId: null, ip: '127.0.0.1' };
    expect(auditoria.registrar(actor, randomUUID(), 'DETALLE')).toBeUndefined();
    expect(auditoria.registrar(actor, randomUUID(), 'HISTORIAL')).toBeUndefined();
    for (let i = 0; i < 50 && (await fallidas()) < antes + 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await fallidas()).toBe(antes + 2);
    // close() never settles while its Redis has never answered (its reply loop waits on the
    // blocking connection): stop it and both connections without waiting for it.
    const conexiones = client.unwrap<Redis[]>();
    void client.close();
    for (const c of conexiones) c.disconnect();
  });
});
