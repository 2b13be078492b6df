import { Client } from 'pg';
import { archivosPorDocumentoQuery, resumenFirmasQuery } from '../src/archivos/archivos.repository';
import { lecturasPorDocumentoQuery } from '../src/lecturas/lecturas.repository';
import { explainNodes, settleTables } from '@mesa/shared/database';
import type { PlansDatabase } from '../../../tools/seed/plans-database';
import { documentosPlansDatabase } from './plans-database';

/**
 * Plans of the attachment and read-audit queries on a realistic row count, in a database of
 * this test's own: 200,000 documents, about 100,000 attachments and 800,000 recorded reads.
 */
describe('attachment and read-audit plans on 200,000 documents', () => {
  let plansDb: PlansDatabase;
  let db: Client;
  let documentoId: string;

  beforeAll(async () => {
    plansDb = await documentosPlansDatabase('archivos_plans');
    db = new Client({ connectionString: plansDb.url });
    await db.connect();
    // A third of the documents carry one or two attachments.
    await db.query(`
      INSERT INTO documentos.archivo_adjunto (documento_id, nombre, tipo_mime, tamano, hash, storage_key, es_principal, created_at)
      SELECT d.id, 'anexo-' || n || '.pdf', 'application/pdf', 1000 * n, repeat('a', 64), 'archivos/' || d.id || '/' || gen_random_uuid(),
             n = 1, d.fecha_recepcion + n * interval '1 minute'
        FROM documentos.documento d
        CROSS JOIN LATERAL generate_series(1, 1 + (hashtext(d.id::text) & 1)) AS n
       WHERE hashtext(d.id::text) % 3 = 0`);
    // Four reads a document.
    await db.query(`
      INSERT INTO documentos.lectura (evento_id, documento_id, usuario_id, recurso, leido_en)
      SELECT gen_random_uuid(), d.id, d.usuario_registro_id, 'DETALLE', d.fecha_recepcion + n * interval '1 hour'
        FROM documentos.documento d CROSS JOIN generate_series(1, 4) AS n`);
    await settleTables(db, ['documentos.documento', 'documentos.archivo_adjunto', 'documentos.lectura']);
    documentoId = (
      await db.query('SELECT documento_id AS id FROM documentos.archivo_adjunto ORDER BY random() LIMIT 1')
    ).rows[0].id;
  }, 900_000);

  afterAll(async () => {
    await db?.end();
    await plansDb?.drop();
  });

  const scansOf = async (sql: string, params: unknown[], relation: string) => {
    const nodes = await explainNodes(db, sql, params);
    return {
      scans: nodes.filter((n) => n['Relation Name'] === relation).map((n) => n['Node Type']),
      indexes: nodes.map((n) => n['Index Name']).filter(Boolean),
    };
  };

  it('the tables hold the rows the plans are about', async () => {
    const { rows } = await db.query(`
      SELECT (SELECT count(*) FROM documentos.documento)::int AS documentos,
             (SELECT count(*) FROM documentos.archivo_adjunto)::int AS archivos,
             (SELECT count(*) FROM documentos.lectura)::int AS lecturas`);
    expect(rows[0].documentos).toBe(200_000);
    expect(rows[0].archivos).toBeGreaterThan(80_000);
    expect(rows[0].lecturas).toBe(800_000);
  });

  it.each([
    ['first page', undefined],
    ['a later page', { createdAt: '2026-01-01 00:00:00+00', id: '00000000-0000-4000-8000-000000000000' }],
  ])('a document’s attachments, %s, read idx_archivo_adjunto_documento', async (_name, after) => {
    const [sql, params] = archivosPorDocumentoQuery(documentoId, 20, after);
    const { scans, indexes } = await scansOf(sql, params, 'archivo_adjunto');
    expect(scans).not.toContain('Seq Scan');
    expect(indexes).toEqual(['idx_archivo_adjunto_documento']);
  });

  it('the signature summary of a document’s detail reads idx_archivo_adjunto_documento', async () => {
    const [sql, params] = resumenFirmasQuery(documentoId);
    const { scans, indexes } = await scansOf(sql, params, 'archivo_adjunto');
    expect(scans).not.toContain('Seq Scan');
    expect(indexes).toEqual(['idx_archivo_adjunto_documento']);
  });

  it('the check that keeps tiene_anexos true finds attachments through idx_archivo_adjunto_documento', async () => {
    const { scans, indexes } = await scansOf(
      'SELECT 1 FROM documentos.archivo_adjunto WHERE documento_id = $1 LIMIT 1',
      [documentoId],
      'archivo_adjunto',
    );
    expect(scans).not.toContain('Seq Scan');
    expect(indexes).toEqual(['idx_archivo_adjunto_documento']);
  });

  it.each([
    ['first page', undefined],
    ['a later page', { leidoEn: '2030-01-01 00:00:00+00', id: '999999999' }],
  ])('who read a document, %s, reads idx_lectura_documento_fecha', async (_name, before) => {
    const [sql, params] = lecturasPorDocumentoQuery(documentoId, 20, before);
    const { scans, indexes } = await scansOf(sql, params, 'lectura');
    expect(scans).not.toContain('Seq Scan');
    expect(indexes).toEqual(['idx_lectura_documento_fecha']);
  });
});
