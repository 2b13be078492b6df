import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { RunningApp } from '@mesa/shared/app';
import { boot, gatewayApp } from './support';

/**
 * The findings we accept, one reason per rule, each limited to where it holds. Everything else
 * Spectral reports as an error fails the test.
 */
const ACEPTADAS: { regla: string; donde: RegExp; porque: string }[] = [
  {
    regla: 'owasp:api1:2023-no-numeric-ids',
    donde: /\.parameters\.\d+\.schema$/,
    porque: 'offices and document types are a public catalogue (GET /areas, /tipos-documento), not secrets; access is checked per office',
  },
  {
    regla: 'owasp:api2:2023-write-restricted',
    donde: /^paths\.\/api\/v1\/auth\/(login|refresh)\.post$/,
    porque: 'signing in and refreshing are how a client gets its token; both are rate-limited and lock out on failures',
  },
  {
    regla: 'owasp:api4:2023-string-limit',
    donde: /(content\.(application\/pdf|image\/png|application\/octet-stream|text\/csv|application\/vnd[^.]*(\.[^.]+)*?)\.schema$)|SubirArchivoSchema\.properties\.archivo$/,
    porque: 'file bodies (PDF, PNG, CSV, XLSX, attachments), not JSON strings: their size is Content-Length, uploads at most MAX_UPLOAD_BYTES',
  },
  {
    regla: 'owasp:api4:2023-string-limit',
    donde: /(NotificacionSchema\.properties\.mensaje|TareaSchema\.properties\.error)$/,
    porque: 'OPEN: text the services write with no length rule yet (a notice of derivaciones-service, a BullMQ failure reason): to be bounded where written',
  },
  {
    regla: 'owasp:api4:2023-array-limit',
    donde: /^paths\.\/api\/v1\/(areas|tipos-documento|integraciones|pide\/entidades|pide\/tipos-documento|documentos\/\{id\}\/pide)\.get\.responses\.200|EstadisticasSchema\.properties\.(porArea|porTipo)$|EstadisticasIntegracionesGlobalesSchema\.properties\.porIntegracion$|(SeguimientoPublicoSchema|HojaDeRutaSchema)\.properties\.movimientos$|HojaDeRutaSchema\.properties\.pide$/,
    porque: 'whole catalogues only ADMIN grows (offices, document types, integrations, PIDE entities and codes, and figures per each), and the full history of one document (movements, PIDE exchanges): answered whole by design',
  },
];

interface Hallazgo {
  code: string | number;
  message: string;
  path: (string | number)[];
  severity: number;
}

/** Spectral in a Node process of its own (openapi-lint.cjs says why). */
function lint(doc: unknown): Promise<Hallazgo[]> {
  return new Promise((resolve, reject) => {
    const hijo = execFile(process.execPath, [join(__dirname, 'openapi-lint.cjs')], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Hallazgo[]),
    );
    hijo.stdin?.end(JSON.stringify(doc));
  });
}

const donde = (h: Hallazgo) => h.path.join('.');
const aceptada = (h: Hallazgo) => ACEPTADAS.find((a) => a.regla === h.code && a.donde.test(donde(h)));

describe('the OpenAPI document the gateway serves passes Spectral (oas + OWASP)', () => {
  let gateway: RunningApp;
  let hallazgos: Hallazgo[];

  beforeAll(async () => {
    gateway = await boot(gatewayApp);
    const doc = await (await fetch(`${gateway.url}/api/docs-json`)).json();
    hallazgos = await lint(doc);
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
  });

  it('has no error but the accepted ones, each with its reason', () => {
    const errores = hallazgos.filter((h) => h.severity === 0 && !aceptada(h)).map((h) => `${h.code} at ${donde(h)}: ${h.message}`);
    const avisos = hallazgos.filter((h) => h.severity === 1).length;
    process.stdout.write(`Spectral: ${errores.length} errors, ${hallazgos.filter(aceptada).length} accepted, ${avisos} warnings\n`);
    expect(errores).toEqual([]);
  });

  it('accepts nothing it no longer needs: every accepted finding still occurs', () => {
    const usadas = new Set(hallazgos.map(aceptada).filter(Boolean));
    expect(ACEPTADAS.filter((a) => !usadas.has(a)).map((a) => `${a.regla}: ${a.porque}`)).toEqual([]);
  });

  it('reports the findings that matter here as errors when they occur', async () => {
    // The check itself must bite: a string without a limit and an operation without rate-limit headers.
    const malo = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/x': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } } } } },
    };
    const codigos = new Set((await lint(malo)).filter((h) => h.severity === 0).map((h) => h.code));
    expect([...codigos]).toEqual(expect.arrayContaining(['owasp:api4:2023-string-limit', 'owasp:api4:2023-rate-limit']));
  });
});
