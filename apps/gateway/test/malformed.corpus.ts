import { randomUUID } from 'node:crypto';

/**
 * The malformed-input corpus of the OpenAPI sweep (malformed.e2e-spec.ts): for one operation of
 * /api/docs-json, every request that must be refused with a 4xx. Each request is malformed by
 * construction: a bad value is put into an otherwise valid request (path ids that exist, a body
 * built from the schema's required fields), so what refuses it is the check of that value.
 *
 * Left out, because the operation could legitimately accept them (and a success may write):
 * - an empty body or `{}` where the schema requires nothing (PATCH, secret rotation, benchmark);
 * - bodies on GET and DELETE: Fastify does not read a GET body, and no DELETE declares one, so
 *   the request would run as if valid; operations without a declared body (`subsanar`, `activar`)
 *   get only what the JSON parser refuses before the handler (invalid, deep, prototype keys);
 * - stray query keys on their own (`__proto__` is sent beside a repeated declared parameter),
 *   since operations without a query DTO ignore unknown keys;
 * - Idempotency-Key values: the idempotency paths are another change's.
 * Operations whose only input is the token (GET /areas) get the invalid-token item.
 */

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  $ref?: string;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Ids that exist in the sweep's database, so a bad value elsewhere is what gets refused. */
export interface Fixtures {
  documentoId: string;
  derivacionId: string;
  notificacionId: string;
  integracionId: string;
  numeroExpediente: string;
  areaId: number;
}

export interface Probe {
  /** `METHOD /path` as in the OpenAPI document. */
  operation: string;
  /** What is malformed, for the failure report. */
  item: string;
  method: string;
  /** Path and query under the gateway's origin, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The code this item must get, when one is certain whatever else the operation checks. */
  code?: string;
}

const BODY_METHODS = new Set(['post', 'put', 'patch']);
const DEEP = 5_000;
const HUGE_STRING = 'a'.repeat(100_000);
/** Path values that are no id, date or number of any resource (already URL-encoded). */
const BAD_PATH_VALUES = [
  'x',
  '0',
  '-1',
  '1.5',
  '1e309',
  '2147483648',
  '99999999999999999999',
  encodeURIComponent("1' OR '1'='1"),
  '%00',
  '%E0%A4%A',
  '9'.repeat(400),
  '00000000-0000-0000-0000-00000000000g',
];
const BAD_NUMBERS = ['1e309', '99999999999999999999', '-1', '2147483648', '1.5', '"abc"'];
const BAD_QUERY_NUMBERS = ['abc', '', '1.5', '-1', '0', '1e309', '2147483648', '99999999999999999999'];
const BAD_DATES = ['not-a-date', '2026-13-45', '2026-02-30T25:61:00Z', '99999999999999999999', '-1'];
const b64 = (s: string) => Buffer.from(s).toString('base64url');
const BAD_CURSORS = ['garbage!', b64('{"a":1}'), b64('["x",1]'), b64('[]'), b64('null'), b64('{"__proto__":1}'), 'c'.repeat(5_000)];

const deepObject = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const isDate = (name: string) => /^fecha|desde$|hasta$|^from$|^to$/i.test(name);
const isNumber = (s: Schema) => s.type === 'number' || s.type === 'integer';

/** Refused by the JSON parser or the depth limit on every route that takes a body, before auth. */
function parserItems(): Array<{ item: string; body: string; code?: string }> {
  return [
    { item: `object nested ${DEEP} deep`, body: deepObject(DEEP), code: 'JSON_TOO_DEEP' },
    { item: `array nested ${DEEP} deep`, body: deepArray(DEEP), code: 'JSON_TOO_DEEP' },
    { item: 'object nested 33 deep (one over the limit)', body: deepObject(33), code: 'JSON_TOO_DEEP' },
    { item: 'invalid JSON (truncated)', body: '{"a":' },
    { item: 'invalid JSON (single quotes)', body: "{'a':1}" },
    { item: 'invalid JSON (trailing garbage)', body: '{}garbage' },
    { item: '__proto__ key', body: '{"__proto__":{"admin":true}}' },
    { item: 'constructor.prototype key', body: '{"constructor":{"prototype":{"admin":true}}}' },
  ];
}

export class Corpus {
  constructor(
    private readonly doc: OpenApi,
    private readonly fixtures: Fixtures,
  ) {}

  /** Every operation of the document as [method, path]. */
  operations(): Array<[string, string, Operation]> {
    return Object.entries(this.doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [method, path, op] as [string, string, Operation]),
    );
  }

  probes(method: string, path: string, op: Operation): Probe[] {
    const operation = `${method.toUpperCase()} ${path}`;
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const requiredQuery = queryParams.filter((p) => p.required);
    const validPath = Object.fromEntries(pathParams.map((p) => [p.name, encodeURIComponent(this.pathValue(path, p.name))]));
    const validQuery = requiredQuery.map((p) => `${p.name}=${encodeURIComponent(this.queryValue(p))}`);
    const url = (values: Record<string, string>, query: string[] = validQuery) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]) + (query.length ? `?${query.join('&')}` : '');
    const probe = (item: string, over: Partial<Probe> = {}): Probe => ({
      operation,
      item,
      method: method.toUpperCase(),
      url: url(validPath),
      headers: {},
      ...over,
    });
    const probes: Probe[] = [];

    // Only where the scheme is the bearer token: other systems sign with an API key (their own 401).
    if (op.security?.some((s) => 'bearer' in (s as object))) probes.push(probe('invalid bearer token', { headers: { authorization: 'Bearer not.a.token' }, code: 'UNAUTHENTICATED' }));

    for (const p of pathParams) {
      for (const bad of BAD_PATH_VALUES) probes.push(probe(`path ${p.name}=${bad.slice(0, 40)}`, { url: url({ ...validPath, [p.name]: bad }) }));
    }

    if (requiredQuery.length) probes.push(probe('required query parameters missing', { url: url(validPath, []) }));
    for (const p of queryParams) {
      const others = validQuery.filter((q) => !q.startsWith(`${p.name}=`));
      const withValue = (item: string, ...pairs: string[]) => probes.push(probe(item, { url: url(validPath, [...others, ...pairs]) }));
      for (const bad of this.badQueryValues(p)) withValue(`query ${p.name}=${bad.slice(0, 40)}`, `${p.name}=${encodeURIComponent(bad)}`);
      const one = encodeURIComponent(this.queryValue(p));
      withValue(`query ${p.name} repeated`, `${p.name}=${one}`, `${p.name}=${one}`);
      withValue(`query __proto__ beside a repeated ${p.name}`, '__proto__=1', 'constructor[prototype][x]=1', `${p.name}=${one}`, `${p.name}=${one}`);
    }

    const content = op.requestBody?.content ?? {};
    if (content['multipart/form-data']) probes.push(...this.multipartProbes(probe));
    if (BODY_METHODS.has(method)) {
      for (const { item, body, code } of parserItems()) probes.push(probe(item, { headers: { 'content-type': 'application/json' }, body, code }));
    }
    const schema = content['application/json']?.schema && this.resolve(content['application/json'].schema);
    if (schema) probes.push(...this.bodyProbes(schema, probe));
    return probes;
  }

  private bodyProbes(schema: Schema, probe: (item: string, over?: Partial<Probe>) => Probe): Probe[] {
    const json = (item: string, body: string) => probe(item, { headers: { 'content-type': 'application/json' }, body });
    const probes: Probe[] = [];
    if (schema.required?.length) {
      probes.push(probe('no body'), json('empty object', '{}'));
    }
    for (const [item, body] of [['array body', '[]'], ['string body', '"x"'], ['number body', '1'], ['null body', 'null'], ['boolean body', 'true']]) {
      probes.push(json(item, body));
    }
    probes.push(probe('text/plain body', { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(this.valid(schema)) }));
    probes.push(probe('application/xml body', { headers: { 'content-type': 'application/xml' }, body: '<a/>' }));
    // A bad value for one field of an otherwise valid body, one level into nested objects too.
    for (const [field, value] of this.badFields(schema, '')) {
      probes.push(json(`body ${field}=${value.slice(0, 40)}`, this.withField(schema, field, value)));
    }
    return probes;
  }

  private multipartProbes(probe: (item: string, over?: Partial<Probe>) => Probe): Probe[] {
    const boundary = 'sweep-boundary';
    const textOnly = `--${boundary}\r\ncontent-disposition: form-data; name="nota"\r\n\r\nsin archivo\r\n--${boundary}--\r\n`;
    return [
      probe('multipart without boundary', { headers: { 'content-type': 'multipart/form-data' }, body: 'x' }),
      probe('multipart garbage', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: 'garbage' }),
      probe('multipart without a file part', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: textOnly }),
      probe('multipart truncated', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: textOnly.slice(0, 60) }),
    ];
  }

  /** [dotted field, raw JSON value] for every field, and for the fields of nested objects. */
  private badFields(schema: Schema, prefix: string, depth = 0): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [name, raw] of Object.entries(schema.properties ?? {})) {
      const s = this.resolve(raw);
      const field = prefix + name;
      out.push(...this.badValues(name, s).map((v) => [field, v] as [string, string]));
      if (depth > 0) continue;
      if (s.properties) out.push(...this.badFields(s, `${field}.`, depth + 1));
      const items = s.items && this.resolve(s.items);
      if (items?.properties) out.push(...this.badFields(items, `${field}[0].`, depth + 1));
    }
    return out;
  }

  private badValues(name: string, s: Schema): string[] {
    if (isNumber(s)) return BAD_NUMBERS;
    if (s.type === 'boolean') return ['"yes"', '1'];
    if (s.type === 'array') {
      const items = s.items ? this.resolve(s.items) : {};
      const inner = isNumber(items) ? ['2147483648', '99999999999999999999', '"x"'] : items.properties ? ['"x"', '1'] : ['1', '{}'];
      return ['"x"', '{}', ...inner.map((v) => `[${v}]`), `[${Array(10_001).fill(inner[0]).join(',')}]`];
    }
    if (s.properties || s.type === 'object') return ['"x"', '1', '[]'];
    const values = ['12345', '{}', '[]', JSON.stringify(HUGE_STRING)];
    if (s.enum) values.push('"NO_SUCH_VALUE"');
    if (s.format === 'uuid' || /Id$/.test(name)) values.push('"not-a-uuid"');
    if (isDate(name)) values.push(...BAD_DATES.map((d) => JSON.stringify(d)));
    return values;
  }

  /** The valid body with one field (`a`, `a.b` or `a[0].b`) replaced by a raw JSON value, as text. */
  private withField(schema: Schema, field: string, raw: string): string {
    const marker = `__sweep_${randomUUID()}__`;
    const body = this.valid(schema) as Record<string, unknown>;
    const nested = /^(\w+)(\[0\])?\.(\w+)$/.exec(field);
    if (!nested) {
      body[field] = marker;
    } else {
      const [, parent, inList, child] = nested;
      const parentSchema = this.resolve(schema.properties?.[parent] ?? {});
      const inner = inList ? this.resolve(parentSchema.items ?? {}) : parentSchema;
      const value = { ...(this.valid(inner) as Record<string, unknown>), [child]: marker };
      body[parent] = inList ? [value] : value;
    }
    return JSON.stringify(body).replace(JSON.stringify(marker), raw);
  }

  /** A value of the schema that validates: required fields only, from examples, enums and fixtures. */
  valid(s: Schema, name = ''): unknown {
    s = this.resolve(s);
    if (s.example !== undefined) return s.example;
    if (s.enum) return s.enum[0];
    if (s.properties) {
      return Object.fromEntries((s.required ?? []).map((k) => [k, this.valid(s.properties?.[k] ?? {}, k)]));
    }
    if (s.type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => this.valid(s.items ?? {}, name));
    if (isNumber(s)) return /area/i.test(name) ? this.fixtures.areaId : 1;
    if (s.type === 'boolean') return false;
    if (s.format === 'uuid' || /Id$/.test(name)) return /documento/i.test(name) ? this.fixtures.documentoId : randomUUID();
    if (isDate(name)) return new Date(Date.now() + 30 * 86_400_000).toISOString();
    return `Barrido ${name || 'texto'} ${randomUUID().slice(0, 8)}`;
  }

  private resolve(s: Schema): Schema {
    if (s.$ref) return this.resolve(this.doc.components.schemas[s.$ref.split('/').pop() as string]);
    if (s.allOf?.length === 1) return { ...this.resolve(s.allOf[0]), ...s, allOf: undefined };
    return s;
  }

  private badQueryValues(p: Parameter): string[] {
    const s = p.schema ?? {};
    if (p.name === 'cursor') return BAD_CURSORS;
    if (isNumber(s)) return BAD_QUERY_NUMBERS;
    if (s.type === 'boolean') return ['maybe', '2'];
    if (isDate(p.name)) return BAD_DATES;
    if (s.enum) return ['NO_SUCH_VALUE', 'a'.repeat(5_000)];
    return ['a'.repeat(5_000)];
  }

  private queryValue(p: Parameter): string {
    const s = p.schema ?? {};
    if (s.enum) return String(s.enum[0]);
    if (isNumber(s)) return String(s.example ?? 1);
    if (s.type === 'boolean') return 'true';
    if (isDate(p.name)) return '2026-01-01';
    if (p.name === 'codigo') return 'ABCD1234';
    return String(s.example ?? 'x');
  }

  /** An existing resource for each path parameter, by the collection it names. */
  private pathValue(path: string, name: string): string {
    const f = this.fixtures;
    if (name === 'documentoId') return f.documentoId;
    if (name === 'areaId') return String(f.areaId);
    if (name === 'numeroExpediente') return f.numeroExpediente;
    if (name === 'id') {
      const collection = path.split('/')[3];
      const ids: Record<string, string> = {
        documentos: f.documentoId,
        derivaciones: f.derivacionId,
        notificaciones: f.notificacionId,
        integraciones: f.integracionId,
      };
      return ids[collection] ?? randomUUID();
    }
    if (name === 'logId') return '1';
    if (name === 'fecha') return '1999-01-01';
    return randomUUID();
  }
}
