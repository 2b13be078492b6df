import { Client } from 'pg';
import { api, login, nuevoDocumento, seedDemo, startSuite, Suite, SuiteMode } from './support';

/**
 * The first path end to end: gateway → bus (Redis Streams) → documentos-service → PostgreSQL.
 * Run twice: apps in-process, and as `npm start -- --replicas 2` runs them (processes from dist,
 * two of each service).
 */
export function firstPathSuite(mode: SuiteMode) {
  describe(`first path through the gateway (${mode})`, () => {
    let suite: Suite;
    let gateway: { url: string };
    let pg: Client;
    let mesa: ReturnType<typeof api>;

    // Bad requests carry a remitente of their own: "nothing written" means no row has it.
    const marker = `Sin Escribir ${mode} ${Date.now()}`;
    const countDocs = async () =>
      Number(
        (await pg.query('SELECT count(*) FROM documentos.documento WHERE remitente = $1', [marker])).rows[0].count,
      );

    /**
     * Details answered from documentos-service's cache, as the gateway's /metrics counts them.
     * In-process the apps share one registry, so documentos-service's own hits count here too;
     * the replicas run, with each app a process of its own, counts the gateway's alone.
     */
    const detallesDesdeCache = async () => {
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('cache_requests_total{') && l.includes('namespace="documento"') && l.includes('result="hit"'));
      return line ? Number(line.split(' ').pop()) : 0;
    };

    beforeAll(async () => {
      await seedDemo();
      pg = new Client({ connectionString: process.env.DATABASE_URL });
      await pg.connect();
      suite = await startSuite(mode);
      gateway = { url: suite.gatewayUrl };
      mesa = api(gateway.url, await login(gateway.url, 'mesa'));
    });

    afterAll(async () => {
      await suite?.close();
      await pg?.end();
    });

    it('logs in, reads the catalogues, registers a case and reads it back', async () => {
      const areas = await mesa('GET', '/areas');
      expect(areas.status).toBe(200);
      expect(areas.body.length).toBeGreaterThanOrEqual(2);
      const tipos = await mesa('GET', '/tipos-documento');
      expect(tipos.status).toBe(200);
      const tipo = tipos.body.find((t: { plazoDias: number }) => t.plazoDias > 0);

      const created = await mesa(
        'POST',
        '/documentos',
        nuevoDocumento({
          tipoDocumentoId: tipo.id,
          areaActualId: areas.body[0].id,
        }),
      );
      expect(created.status).toBe(201);
      expect(created.body.numeroExpediente).toMatch(/^EXP-\d{4}-\d{6}$/);
      expect(created.body.estado).toBe('REGISTRADO');
      expect(created.body.codigoSeguimiento).toEqual(expect.any(String));
      // The deadline is after the legal reception by the type's term in business days.
      expect(new Date(created.body.fechaLimite).getTime()).toBeGreaterThan(
        new Date(created.body.fechaRecepcion).getTime(),
      );

      const read = await mesa('GET', `/documentos/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        id: created.body.id,
        numeroExpediente: created.body.numeroExpediente,
        asunto: created.body.asunto,
      });
      expect(read.body.codigoSeguimiento).toBeUndefined();
    });

    it('returns and propagates X-Request-Id', async () => {
      const res = await mesa('GET', '/areas', undefined, {
        'x-request-id': 'req-abc-123',
      });
      expect(res.headers.get('x-request-id')).toBe('req-abc-123');
      const fresh = await mesa('GET', '/areas');
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('gives 50 concurrent registrations 50 distinct, consecutive case numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          mesa('POST', '/documentos', nuevoDocumento({ asunto: `Concurrente ${i}` })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
      const numeros = results.map((r) => Number(r.body.numeroExpediente.slice(-6))).sort((a, b) => a - b);
      expect(new Set(numeros).size).toBe(50);
      // Gap-free: every number between ours exists (another suite may register meanwhile).
      const anio = results[0].body.numeroExpediente.slice(4, 8);
      const numero = (n: number) => `EXP-${anio}-${String(n).padStart(6, '0')}`;
      const { rows } = await pg.query(
        'SELECT count(*)::int AS n FROM documentos.documento WHERE numero_expediente BETWEEN $1 AND $2',
        [numero(numeros[0]), numero(numeros[49])],
      );
      expect(rows[0].n).toBe(numeros[49] - numeros[0] + 1);
    });

    it('lists with filters and an opaque cursor, without repeating or skipping', async () => {
      // Other suites may register meanwhile: every document that existed before paging must be seen once.
      const before: string[] = (
        await pg.query(`SELECT id FROM documentos.documento WHERE estado = 'REGISTRADO'`)
      ).rows.map((r) => r.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q = `/documentos?limit=7&estado=REGISTRADO${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await mesa('GET', q);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.body.items.map((d: { id: string }) => d.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(before.filter((id) => !seen.includes(id))).toEqual([]);
    });

    describe('bad input changes nothing', () => {
      it.each([
        ['missing field', { asunto: undefined }, 'asunto'],
        ['unknown field', { estado: 'ARCHIVADO' }, 'estado'],
        ['mistyped field', { numeroFolios: 'tres' }, 'numeroFolios'],
        ['bad enum', { prioridad: 'MAXIMA' }, 'prioridad'],
      ])('%s → 400 problem naming the field', async (_name, over, field) => {
        const before = await countDocs();
        const res = await mesa('POST', '/documentos', nuevoDocumento({ remitente: marker, ...over }));
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body).toMatchObject({
          status: 400,
          code: 'VALIDATION_FAILED',
          title: 'Bad Request',
        });
        expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
        expect(await countDocs()).toBe(before);
      });

      it('an unknown type is refused by the service with its own code', async () => {
        const before = await countDocs();
        const res = await mesa('POST', '/documentos', nuevoDocumento({ remitente: marker, tipoDocumentoId: 99999 }));
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('TIPO_DOCUMENTO_INVALIDO');
        expect(await countDocs()).toBe(before);
      });

      it('an unknown id → 404 problem, also when read again (from the cache); a non-UUID id too', async () => {
        for (const id of ['7c0e3f5e-1b2a-4c3d-8e9f-0a1b2c3d4e5f', '7c0e3f5e-1b2a-4c3d-8e9f-0a1b2c3d4e5f', 'not-a-uuid']) {
          const res = await mesa('GET', `/documentos/${id}`);
          expect(res.status).toBe(404);
          expect(res.body.code).toBe('DOCUMENTO_NOT_FOUND');
        }
      });

      it('no token or a bad token → 401; a role without the right → 403; nothing written', async () => {
        const before = await countDocs();
        const anon = await api(gateway.url)('POST', '/documentos', nuevoDocumento({ remitente: marker }));
        expect(anon.status).toBe(401);
        expect(anon.body.code).toBe('UNAUTHENTICATED');
        const forged = await api(gateway.url, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad')('GET', '/documentos');
        expect(forged.status).toBe(401);
        const auditor = api(gateway.url, await login(gateway.url, 'auditor'));
        const denied = await auditor('POST', '/documentos', nuevoDocumento({ remitente: marker }));
        expect(denied.status).toBe(403);
        expect(denied.body.code).toBe('FORBIDDEN');
        expect(await countDocs()).toBe(before);
      });

      it('a wrong password → 401 with the same answer as an unknown user', async () => {
        const anon = api(gateway.url);
        const wrong = await anon('POST', '/auth/login', {
          username: 'mesa',
          password: 'nope',
        });
        const unknown = await anon('POST', '/auth/login', {
          username: 'nadie',
          password: 'nope',
        });
        expect(wrong.status).toBe(401);
        expect(unknown.body).toEqual(wrong.body);
      });
    });

    it('an AREA user cannot read a document of another office', async () => {
      const areas = (await mesa('GET', '/areas')).body;
      const otra = await mesa('POST', '/documentos', nuevoDocumento({ areaActualId: areas[1].id }));
      const propia = await mesa('POST', '/documentos', nuevoDocumento({ areaActualId: areas[0].id }));
      const area1 = api(gateway.url, await login(gateway.url, 'area1'));
      // Twice each: the first read fills documentos-service's cache over the bus, the second is
      // answered by the gateway from that cache, and must be scoped the same way.
      const hitsAntes = await detallesDesdeCache();
      for (let i = 0; i < 2; i++) {
        expect((await area1('GET', `/documentos/${propia.body.id}`)).status).toBe(200);
        const ajeno = await area1('GET', `/documentos/${otra.body.id}`);
        expect(ajeno.status).toBe(404);
        expect(ajeno.body.code).toBe('DOCUMENTO_NOT_FOUND');
      }
      expect(await detallesDesdeCache()).toBeGreaterThanOrEqual(hitsAntes + 2);
      const lista = await area1('GET', '/documentos?limit=100');
      expect(lista.body.items.every((d: { areaActualId: number }) => d.areaActualId === areas[0].id)).toBe(true);
    });

    it('serves OpenAPI describing the routes, their schemas and errors', async () => {
      const res = await fetch(`${gateway.url}/api/docs-json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        components: { schemas: Record<string, unknown> };
      };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/login',
          '/api/v1/areas',
          '/api/v1/tipos-documento',
          '/api/v1/documentos',
          '/api/v1/documentos/{id}',
        ]),
      );
      expect(doc.paths['/api/v1/documentos'].post.responses).toHaveProperty('400');
      expect(doc.components.schemas).toHaveProperty('ProblemDetails');
      expect(doc.components.schemas).toHaveProperty('RegistrarDocumentoDto');
    });
  });
}
