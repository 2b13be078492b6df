import type { RunningApp } from '@mesa/shared/app';
import { boot, gatewayApp, login, seedDemo } from './support';

type Schema = { $ref?: string; type?: string; maxLength?: number; pattern?: string; format?: string; enum?: unknown[]; properties?: Record<string, Schema> };
interface Operation {
  operationId: string;
  security?: Record<string, unknown>[];
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Caso {
  operacion: string;
  method: string;
  url: string;
  campo: string;
  max: number;
}

/**
 * The documented limits are the enforced ones: for every free-text property of a JSON request body
 * with a maxLength, maxLength+1 characters answer 400 naming the field, and maxLength characters
 * are not refused for that field. The validation pipe runs before any service is asked, so the
 * gateway alone answers.
 */
describe('every maxLength of a request body in the OpenAPI document is the one the server enforces', () => {
  let gateway: RunningApp;
  let token: string;
  const casos: Caso[] = [];

  beforeAll(async () => {
    await seedDemo();
    gateway = await boot(gatewayApp, { RATE_LIMIT_PER_MINUTE: '1000000' });
    token = await login(gateway.url, 'admin');
    const doc = (await (await fetch(`${gateway.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolver = (s?: Schema): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop() as string] : s);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        // Signed routes of other systems refuse before validating: their limits are not reachable this way.
        if (!op.security?.some((s) => 'bearer' in s) && !path.startsWith('/api/v1/auth/')) continue;
        const body = resolver(op.requestBody?.content?.['application/json']?.schema);
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const schema = op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema;
          return schema?.type === 'integer' ? '1' : schema?.format === 'uuid' ? '6f1c3b1e-0000-4000-8000-000000000000' : 'x';
        });
        for (const [campo, schema] of Object.entries(body?.properties ?? {})) {
          // Free text only: a pattern, format or enum refuses a run of x before its length.
          if (schema.type !== 'string' || schema.maxLength === undefined || schema.pattern || schema.format || schema.enum) continue;
          casos.push({ operacion: op.operationId, method: method.toUpperCase(), url, campo, max: schema.maxLength });
        }
      }
    }
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
  });

  const enviar = async ({ method, url, campo }: Caso, largo: number) => {
    const res = await fetch(`${gateway.url}${url}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ [campo]: 'x'.repeat(largo) }),
    });
    const text = await res.text();
    const problema = (() => {
      try {
        return JSON.parse(text) as { code?: string; fields?: { field: string }[] };
      } catch {
        return {};
      }
    })();
    return { status: res.status, type: res.headers.get('content-type') ?? '', nombrado: !!problema.fields?.some((f) => f.field === campo), code: problema.code };
  };

  it('finds the limits to check', () => {
    expect(casos.length).toBeGreaterThan(20);
  });

  it('answers maxLength+1 characters with a 400 problem naming the field', async () => {
    const fallos: string[] = [];
    for (const caso of casos) {
      const r = await enviar(caso, caso.max + 1);
      if (r.status !== 400 || !r.type.startsWith('application/problem+json') || !r.nombrado) {
        fallos.push(`${caso.operacion} ${caso.campo} (${caso.max + 1} chars): ${r.status} ${r.code ?? ''}${r.nombrado ? '' : ', field not named'}`);
      }
    }
    expect(fallos).toEqual([]);
  }, 300_000);

  it('does not refuse maxLength characters for that field', async () => {
    const fallos: string[] = [];
    for (const caso of casos) {
      const r = await enviar(caso, caso.max);
      if (r.nombrado) fallos.push(`${caso.operacion} ${caso.campo} (${caso.max} chars): refused`);
    }
    expect(fallos).toEqual([]);
  }, 300_000);
});

/** The rate-limit headers the document lists are the ones the limiter sends, on a 429 too. */
describe('the rate-limit headers of the OpenAPI document are the ones the gateway sends', () => {
  let gateway: RunningApp;
  let token: string;
  let documentadas: string[];

  beforeAll(async () => {
    await seedDemo();
    // Counters of its own: the limit of 2 must not count the other describe's requests.
    gateway = await boot(gatewayApp, { RATE_LIMIT_PER_MINUTE: '2', REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? ''}cabeceras:` });
    token = await login(gateway.url, 'admin');
    const doc = (await (await fetch(`${gateway.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    documentadas = Object.keys(doc.paths['/api/v1/documentos'].get.responses['400'].headers ?? {});
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
  });

  it('sends X-RateLimit-* on every answer and Retry-After on the 429', async () => {
    // A query the validation pipe refuses: answered by the gateway alone, after the limiter counted it.
    const pedir = () => fetch(`${gateway.url}/api/v1/documentos?limit=cero`, { headers: { authorization: `Bearer ${token}` } });
    const respuestas = [await pedir(), await pedir(), await pedir()];
    expect(respuestas.map((r) => r.status)).toEqual([400, 400, 429]);
    expect(documentadas).toEqual(expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']));
    const limites = documentadas.filter((h) => h.startsWith('X-RateLimit-'));
    for (const r of respuestas) {
      expect(limites.filter((h) => r.headers.get(h) === null)).toEqual([]);
      expect(r.headers.get('x-ratelimit-limit')).toBe('2');
    }
    expect(respuestas.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
    expect(Number(respuestas[2].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
