import { DataSource } from 'typeorm';
import { RunningApp, startApp } from '@mesa/shared/app';
import { sampleSum } from '@mesa/shared/testing';
// The demo seed, as the app's test/ folder imports it (that folder is exempt from this rule).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seed } from '../../../../tools/seed/seed';
import { documentosApp } from '../app.definition';

/** The domain gauges on documentos-service's /metrics: computed on scrape, read at most every 30 s. */
describe('documentos domain gauges', () => {
  let documentos: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    await seed({ url: process.env.DATABASE_URL as string, password: 'test-password-2026' });
    documentos = await startApp(documentosApp, { ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
    db = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await documentos?.close();
  });

  const scrape = async () => (await fetch(`${documentos.url}/metrics`)).text();
  const reads = (text: string) =>
    sampleSum(text, 'db_client_operation_duration_seconds_count', { operation: 'documentos.metricas' });

  it('report overdue and registered documents, and a scrape within 30 s reads nothing again', async () => {
    const [{ id }] = await db.query(`SELECT id FROM documentos.documento ORDER BY fecha_recepcion DESC LIMIT 1`);
    await db.query(
      `UPDATE documentos.documento SET estado = 'EN_PROCESO', fecha_limite = now() - interval '2 days' WHERE id = $1`,
      [id],
    );
    const [{ vencidos }] = await db.query(
      `SELECT count(*)::int AS vencidos FROM documentos.documento WHERE estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO') AND fecha_limite < now()`,
    );

    const first = await scrape();
    expect(sampleSum(first, 'mesa_documentos_vencidos')).toBeGreaterThanOrEqual(1);
    // Other test files may add documents meanwhile, and rarely attend them.
    expect(sampleSum(first, 'mesa_documentos_vencidos')).toBeGreaterThanOrEqual(vencidos - 5);
    expect(sampleSum(first, 'mesa_documentos_registrados')).toBeGreaterThanOrEqual(1);

    // The first scrape's read may land after its histogram was written out: compare the next two.
    const second = await scrape();
    expect(reads(second)).toBeGreaterThanOrEqual(1);
    expect(reads(await scrape())).toBe(reads(second));
  });
});
