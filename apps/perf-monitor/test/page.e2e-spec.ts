import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitUntil } from '@mesa/shared/testing';
import { api, getJson, login, nuevoDocumento, PerfSuite, slowTable, startPerfSuite } from './support';

const run = promisify(execFile);

/** Debian's chromium, headless; a clear failure when it is missing (CI installs it). */
async function chromium(dir: string, args: string[]): Promise<string> {
  const base = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--no-first-run',
    `--user-data-dir=${join(dir, 'profile')}`,
    '--virtual-time-budget=5000',
  ];
  try {
    const { stdout } = await run('chromium', [...base, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        "chromium is not on the PATH: install Debian's chromium package (apt-get install chromium), as CI does",
      );
    throw err;
  }
}

/** The page `/`: charts drawn in the browser from perf-monitor's own JSON, no external assets. */
describe("perf-monitor's page in headless Chromium", () => {
  let dir: string;
  let suite: PerfSuite;
  let slow: Awaited<ReturnType<typeof slowTable>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perf-page-'));
    suite = await startPerfSuite();
    const mesa = await login(suite.gateway.url, 'mesa');
    const created = await api(suite.gateway.url, mesa)(
      'POST',
      '/documentos',
      nuevoDocumento({ asunto: 'Prueba de la página' }),
    );
    for (let i = 0; i < 3; i++) await api(suite.gateway.url, mesa)('GET', `/documentos/${created.body.id}`);
    slow = await slowTable();
    await slow.read(3);
    // The slow-query metric is counted once the plan is read: wait until perf-monitor sees it.
    await waitUntil(
      async () =>
        (await getJson(`${suite.perf.url}/api/v1/performance/slow-queries?window=1h`)).body.queries.length > 0,
      { timeoutMs: 15_000 },
    );
    // The trend is a rate over Prometheus samples: it has points once two scrapes saw the reads.
    await waitUntil(
      async () => {
        const from = Math.floor(Date.now() / 1000) - 900;
        const { body } = await getJson(`${suite.perf.url}/api/v1/performance/analytics?step=15s&from=${from}`);
        return body.routeP95Ms.some((s: { points: unknown[] }) => s.points.length > 0);
      },
      { timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await slow?.close();
    await suite?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves plain HTML with inline script and no external assets', async () => {
    const res = await fetch(`${suite.perf.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('draws latency, cache, slow-query and health charts with data points', async () => {
    const dom = await chromium(dir, ['--dump-dom', `${suite.perf.url}/`]);
    const points = (chart: string) =>
      Number(new RegExp(`data-chart="${chart}"[^>]*data-points="(\\d+)"`).exec(dom)?.[1] ?? NaN);
    expect({
      latency: points('latency') > 0,
      cache: points('cache') > 0,
      slow: points('slow') > 0,
      trend: points('trend') > 0,
      health: points('health'),
    }).toEqual({
      latency: true,
      cache: true,
      slow: true,
      trend: true,
      // gateway, documentos-service, postgresql, redis-bus, redis-cache, queues
      health: 6,
    });
    expect(dom).toContain('/api/v1/documentos/:id');
    expect(dom).toMatch(/<span id="status" class="healthy">healthy<\/span>/);
    expect(dom).not.toMatch(/class="empty">Error/);
  });

  it('takes a screenshot of the page', async () => {
    const file = join(dir, 'perf-monitor.png');
    await chromium(dir, [`--screenshot=${file}`, '--window-size=1280,900', `${suite.perf.url}/`]);
    const png = readFileSync(file);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // IHDR: width and height, big-endian, at bytes 16..24.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 900]);
    // A blank page compresses to a few kilobytes; charts and text do not.
    expect(png.length).toBeGreaterThan(20_000);
  });
});
