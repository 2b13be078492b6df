import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { api, login, nuevoDocumento, seedDemo, startSuite, Suite } from './support';

/** RFC 4180 parser: enough to read back what the export wrote (quotes, commas, line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endCell();
    } else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else {
      cell += c;
    }
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

const numero = (expediente: string) => Number(expediente.slice(-6));

describe('batch intake, bulk reads, CSV export and idempotent intake', () => {
  let suite: Suite;
  let pg: Client;
  let url: string;
  let mesa: ReturnType<typeof api>;
  let admin: ReturnType<typeof api>;
  let area1: ReturnType<typeof api>;
  let areaMp: number;
  let areaDg: number;
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  const cuenta = async (remitente: string) =>
    Number((await pg.query('SELECT count(*) FROM documentos.documento WHERE remitente = $1', [remitente])).rows[0].count);

  beforeAll(async () => {
    await seedDemo();
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    const areas = await pg.query<{ id: number; codigo: string }>("SELECT id, codigo FROM documentos.area WHERE codigo IN ('MP', 'DG')");
    const id = (codigo: string) => areas.rows.find((a) => a.codigo === codigo)?.id ?? -1;
    areaMp = id('MP');
    areaDg = id('DG');
    expect(Math.min(areaMp, areaDg)).toBeGreaterThan(0);
    suite = await startSuite('in-process');
    url = suite.gatewayUrl;
    mesa = api(url, await login(url, 'mesa'));
    admin = api(url, await login(url, 'admin'));
    area1 = api(url, await login(url, 'area1'));
  });

  afterAll(async () => {
    await suite?.close();
    await pg?.end();
  });

  describe('POST /documentos/lote', () => {
    it('registers 500 documents in one request with consecutive case numbers, in the order given', async () => {
      const remitente = `Lote Quinientos ${run}`;
      const docs = Array.from({ length: 500 }, (_, i) => nuevoDocumento({ remitente, asunto: `Solicitud número ${i}`, areaActualId: areaMp }));
      const res = await mesa('POST', '/documentos/lote', { documentos: docs });
      expect(res.status).toBe(201);
      const out = res.body.documentos as { numeroExpediente: string; asunto: string; codigoSeguimiento: string; estado: string }[];
      expect(out).toHaveLength(500);
      out.forEach((d, i) => {
        expect(d.asunto).toBe(`Solicitud número ${i}`);
        expect(d.codigoSeguimiento).toEqual(expect.any(String));
        expect(d.estado).toBe('REGISTRADO');
        expect(d.numeroExpediente.slice(0, 9)).toBe(out[0].numeroExpediente.slice(0, 9));
        expect(numero(d.numeroExpediente)).toBe(numero(out[0].numeroExpediente) + i);
      });
      expect(new Set(out.map((d) => d.codigoSeguimiento)).size).toBe(500);
      expect(await cuenta(remitente)).toBe(500);
      // Gap-free: no other case sits inside the reserved range.
      const dentro = await pg.query('SELECT count(*) FROM documentos.documento WHERE numero_expediente BETWEEN $1 AND $2 AND remitente <> $3', [
        out[0].numeroExpediente,
        out[499].numeroExpediente,
        remitente,
      ]);
      expect(Number(dentro.rows[0].count)).toBe(0);
      // One audit row per document, written with them.
      const audit = await pg.query(
        "SELECT count(*) FROM documentos.auditoria a JOIN documentos.documento d ON d.id = a.documento_id WHERE d.remitente = $1 AND a.accion = 'REGISTRO'",
        [remitente],
      );
      expect(Number(audit.rows[0].count)).toBe(500);
    });

    it('refuses 501 documents and an empty batch with 400, writing nothing', async () => {
      const remitente = `Lote Excedido ${run}`;
      const res = await mesa('POST', '/documentos/lote', { documentos: Array.from({ length: 501 }, () => nuevoDocumento({ remitente })) });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('documentos');
      expect((await mesa('POST', '/documentos/lote', { documentos: [] })).status).toBe(400);
      expect(await cuenta(remitente)).toBe(0);
    });

    it('names the invalid item and field (documentos.3.asunto) and writes nothing', async () => {
      const remitente = `Lote Invalido ${run}`;
      const docs = Array.from({ length: 5 }, () => nuevoDocumento({ remitente }));
      docs[3] = nuevoDocumento({ remitente, asunto: 'x' });
      const res = await mesa('POST', '/documentos/lote', { documentos: docs });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'documentos.3.asunto' })]);
      expect(await cuenta(remitente)).toBe(0);
    });

    it('refuses the whole batch when one item has an unknown type (checked by the service)', async () => {
      const remitente = `Lote Tipo ${run}`;
      const docs = [nuevoDocumento({ remitente }), nuevoDocumento({ remitente }), nuevoDocumento({ remitente, tipoDocumentoId: 999999 })];
      const res = await mesa('POST', '/documentos/lote', { documentos: docs });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('TIPO_DOCUMENTO_INVALIDO');
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'documentos.2.tipoDocumentoId' })]);
      expect(await cuenta(remitente)).toBe(0);
    });

    it('is for Mesa de Partes and ADMIN only', async () => {
      const res = await area1('POST', '/documentos/lote', { documentos: [nuevoDocumento()] });
      expect(res.status).toBe(403);
      expect((await admin('POST', '/documentos/lote', { documentos: [nuevoDocumento({ remitente: `Lote Admin ${run}` })] })).status).toBe(201);
    });

    it('answers a known (origenExterno, idExterno) with its existing case, in its position, and registers the rest', async () => {
      const remitente = `Lote Externo ${run}`;
      const origen = `SGD-${run}`;
      const uno = await mesa('POST', '/documentos', nuevoDocumento({ remitente, origenExterno: origen, idExterno: 'A-1' }));
      expect(uno.status).toBe(201);
      // The single route does the same: a second delivery answers the same case.
      const otra = await mesa('POST', '/documentos', nuevoDocumento({ remitente, origenExterno: origen, idExterno: 'A-1' }));
      expect(otra.body.id).toBe(uno.body.id);
      expect(otra.body.codigoSeguimiento).toBeUndefined();

      const lote = [
        nuevoDocumento({ remitente, asunto: 'Nuevo sin origen' }),
        nuevoDocumento({ remitente, origenExterno: origen, idExterno: 'A-1' }),
        nuevoDocumento({ remitente, origenExterno: origen, idExterno: 'A-2' }),
        nuevoDocumento({ remitente, origenExterno: origen, idExterno: 'A-2' }),
      ];
      const res = await mesa('POST', '/documentos/lote', { documentos: lote });
      expect(res.status).toBe(201);
      const [nuevo, conocido, a2, a2otra] = res.body.documentos;
      expect(nuevo.asunto).toBe('Nuevo sin origen');
      expect(nuevo.codigoSeguimiento).toEqual(expect.any(String));
      expect(conocido.id).toBe(uno.body.id);
      expect(conocido.codigoSeguimiento).toBeUndefined();
      expect(a2.idExterno).toBe('A-2');
      expect(a2.codigoSeguimiento).toEqual(expect.any(String));
      expect(a2otra.id).toBe(a2.id);
      expect(numero(a2.numeroExpediente)).toBe(numero(nuevo.numeroExpediente) + 1);
      expect(await cuenta(remitente)).toBe(3);

      // The whole batch again (a retry by the sending system) registers only the one without a pair.
      const again = await mesa('POST', '/documentos/lote', { documentos: lote });
      expect(again.status).toBe(201);
      expect(again.body.documentos.slice(1).map((d: { id: string }) => d.id)).toEqual([uno.body.id, a2.id, a2.id]);
      expect(await cuenta(remitente)).toBe(4);
    });
  });

  describe('POST /documentos/por-ids', () => {
    it('answers the visible documents in the order asked; AREA users only their office', async () => {
      const remitente = `Por Ids ${run}`;
      const res = await mesa('POST', '/documentos/lote', {
        documentos: [nuevoDocumento({ remitente, areaActualId: areaMp }), nuevoDocumento({ remitente, areaActualId: areaDg })],
      });
      const [mp, dg] = res.body.documentos as { id: string }[];
      const desconocido = randomUUID();

      const todos = await mesa('POST', '/documentos/por-ids', { ids: [dg.id, desconocido, mp.id] });
      expect(todos.status).toBe(200);
      expect(todos.body.documentos.map((d: { id: string }) => d.id)).toEqual([dg.id, mp.id]);
      expect(todos.body.documentos[0].codigoSeguimiento).toBeUndefined();

      const propios = await area1('POST', '/documentos/por-ids', { ids: [dg.id, mp.id, desconocido] });
      expect(propios.status).toBe(200);
      expect(propios.body.documentos.map((d: { id: string }) => d.id)).toEqual([mp.id]);

      const auditor = api(url, await login(url, 'auditor'));
      expect((await auditor('POST', '/documentos/por-ids', { ids: [mp.id, dg.id] })).body.documentos).toHaveLength(2);
    });

    it('refuses non-UUID ids, an empty list and more than 500 ids', async () => {
      expect((await mesa('POST', '/documentos/por-ids', { ids: ['no-es-uuid'] })).status).toBe(400);
      expect((await mesa('POST', '/documentos/por-ids', { ids: [] })).status).toBe(400);
      const many = await mesa('POST', '/documentos/por-ids', { ids: Array.from({ length: 501 }, () => randomUUID()) });
      expect(many.status).toBe(400);
    });
  });

  describe('GET /documentos/exportar', () => {
    const csv = async (client: ReturnType<typeof api>, qs: string) => {
      const res = await client('GET', `/documentos/exportar?${qs}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const rows = parseCsv((res.body as string).replace(/^\uFEFF/, ''));
      const header = rows[0];
      return { header, rows: rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
    };

    it('streams every matching row across several pages, escaping commas, quotes, line breaks and formulas', async () => {
      const remitente = `Exportar ${run}`;
      const desde = new Date(Date.now() - 1000).toISOString();
      const dificil = 'Pide "copia", con coma\ny salto de línea';
      const ids = new Set<string>();
      // 1,200 rows: more than one export page (1,000), so the paging is exercised.
      for (let lote = 0; lote < 3; lote++) {
        const documentos = Array.from({ length: 400 }, (_, i) =>
          nuevoDocumento({
            remitente,
            areaActualId: areaDg,
            asunto: lote === 0 && i === 0 ? dificil : `Exportable ${lote}-${i}`,
            numeroDocumentoExterno: lote === 0 && i === 1 ? '=HYPERLINK("http://x")' : undefined,
          }),
        );
        const res = await mesa('POST', '/documentos/lote', { documentos });
        expect(res.status).toBe(201);
        for (const d of res.body.documentos) ids.add(d.id);
      }
      // fechaRecepcion is the legal date (after the cutoff or on a holiday: the next business day), so no upper bound.
      const { header, rows } = await csv(mesa, `areaActualId=${areaDg}&fechaDesde=${encodeURIComponent(desde)}`);
      expect(header).toEqual(expect.arrayContaining(['numeroExpediente', 'remitente', 'asunto', 'id']));
      const mios = rows.filter((r) => r.remitente === remitente);
      expect(mios).toHaveLength(1200);
      expect(new Set(mios.map((r) => r.id))).toEqual(ids);
      expect(rows.every((r) => r.areaActualId === String(areaDg))).toBe(true);
      expect(mios.filter((r) => r.asunto === dificil)).toHaveLength(1);
      expect(mios.filter((r) => r.numeroDocumentoExterno === `'=HYPERLINK("http://x")`)).toHaveLength(1);
      // Newest first, like the list.
      const fechas = rows.map((r) => r.fechaRecepcion);
      expect([...fechas].sort().reverse()).toEqual(fechas);
    });

    it('gives AREA users only their office, whatever they filter', async () => {
      const remitente = `Exportar Area ${run}`;
      const desde = new Date(Date.now() - 1000).toISOString();
      const res = await mesa('POST', '/documentos/lote', {
        documentos: [nuevoDocumento({ remitente, areaActualId: areaMp }), nuevoDocumento({ remitente, areaActualId: areaDg })],
      });
      const [mp] = res.body.documentos;
      const propio = await csv(area1, `fechaDesde=${encodeURIComponent(desde)}`);
      expect(propio.rows.filter((r) => r.remitente === remitente).map((r) => r.id)).toEqual([mp.id]);
      expect(propio.rows.every((r) => r.areaActualId === String(areaMp))).toBe(true);
      const ajeno = await csv(area1, `areaActualId=${areaDg}&fechaDesde=${encodeURIComponent(desde)}`);
      expect(ajeno.rows).toHaveLength(0);
    });

    it('validates the filters before streaming', async () => {
      const res = await mesa('GET', '/documentos/exportar?estado=NO_EXISTE');
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('estado');
      expect((await mesa('GET', '/documentos/exportar?limit=5')).status).toBe(400);
    });
  });

  describe('Idempotency-Key', () => {
    it('20 parallel requests with one key create one document and all answer 201 with its id', async () => {
      const remitente = `Idempotente Paralelo ${run}`;
      const key = `par-${run}`;
      const body = nuevoDocumento({ remitente });
      const answers = await Promise.all(Array.from({ length: 20 }, () => mesa('POST', '/documentos', body, { 'idempotency-key': key })));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      const ids = new Set(answers.map((a) => a.body.id));
      expect(ids.size).toBe(1);
      expect(await cuenta(remitente)).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
      // The replay is the first answer, tracking code included.
      const first = answers.find((a) => a.headers.get('idempotent-replayed') === null);
      expect(first?.body.codigoSeguimiento).toEqual(expect.any(String));
      for (const a of answers) expect(a.body).toEqual(first?.body);
    });

    it('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED; key order in the body does not matter', async () => {
      const remitente = `Idempotente Otro ${run}`;
      const key = `otro-${run}`;
      const first = await mesa('POST', '/documentos', { ...nuevoDocumento({ remitente }), asunto: 'Primer asunto' }, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const reordered = Object.fromEntries(Object.entries({ ...nuevoDocumento({ remitente }), asunto: 'Primer asunto' }).reverse());
      const replay = await mesa('POST', '/documentos', reordered, { 'idempotency-key': key });
      expect(replay.status).toBe(201);
      expect(replay.body.id).toBe(first.body.id);
      const other = await mesa('POST', '/documentos', { ...nuevoDocumento({ remitente }), asunto: 'Otro asunto' }, { 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await cuenta(remitente)).toBe(1);
      // Keys belong to their user: ADMIN may use the same key for its own request.
      expect((await admin('POST', '/documentos', nuevoDocumento({ remitente }), { 'idempotency-key': key })).status).toBe(201);
      expect(await cuenta(remitente)).toBe(2);
    });

    it('keeps the key 24 h, and a refused request leaves the key free for a corrected retry', async () => {
      const remitente = `Idempotente Fallo ${run}`;
      const key = `fallo-${run}`;
      const bad = await mesa('POST', '/documentos', nuevoDocumento({ remitente, asunto: 'x' }), { 'idempotency-key': key });
      expect(bad.status).toBe(400);
      const ok = await mesa('POST', '/documentos', nuevoDocumento({ remitente }), { 'idempotency-key': key });
      expect(ok.status).toBe(201);
      expect(ok.headers.get('idempotent-replayed')).toBeNull();
      const { rows } = await pg.query(
        "SELECT status_code, expires_at - created_at AS ttl FROM gateway.idempotencia WHERE key = $1 AND usuario_id = (SELECT id FROM gateway.usuario WHERE username = 'mesa')",
        [key],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].status_code).toBe(201);
      expect(rows[0].ttl.hours ?? rows[0].ttl.days * 24).toBe(24);
    });

    it('an expired key is a new request', async () => {
      const remitente = `Idempotente Vencido ${run}`;
      const key = `vencido-${run}`;
      const first = await mesa('POST', '/documentos', nuevoDocumento({ remitente }), { 'idempotency-key': key });
      await pg.query("UPDATE gateway.idempotencia SET expires_at = now() - interval '1 second' WHERE key = $1", [key]);
      // documentos remembers the key at the write for as long: until then it answers the first case.
      const replayed = await mesa('POST', '/documentos', nuevoDocumento({ remitente }), { 'idempotency-key': key });
      expect(replayed.body.id).toBe(first.body.id);
      await pg.query("UPDATE gateway.idempotencia SET expires_at = now() - interval '1 second' WHERE key = $1", [key]);
      await pg.query("UPDATE documentos.idempotencia SET created_at = now() - interval '25 hours' WHERE key = $1", [key]);
      const second = await mesa('POST', '/documentos', nuevoDocumento({ remitente }), { 'idempotency-key': key });
      expect(second.status).toBe(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(await cuenta(remitente)).toBe(2);
    });

    it('replays a batch: 5 parallel retries of one batch register it once', async () => {
      const remitente = `Idempotente Lote ${run}`;
      const key = `lote-${run}`;
      const body = { documentos: Array.from({ length: 10 }, (_, i) => nuevoDocumento({ remitente, asunto: `Parte ${i}` })) };
      const answers = await Promise.all(Array.from({ length: 5 }, () => mesa('POST', '/documentos/lote', body, { 'idempotency-key': key })));
      expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
      for (const a of answers) expect(a.body).toEqual(answers[0].body);
      expect(await cuenta(remitente)).toBe(10);
    });

    it('refuses a key longer than 100 characters', async () => {
      const res = await mesa('POST', '/documentos', nuevoDocumento(), { 'idempotency-key': 'k'.repeat(101) });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('Idempotency-Key');
    });
  });
});
