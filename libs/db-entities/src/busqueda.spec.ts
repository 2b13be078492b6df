import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DOCUMENTOS_SEARCH_CONFIG } from './documentos/search';

/** Full-text search over documentos.documento.search_vector; rolled back at the end. */
describe('document search (Spanish, accents folded)', () => {
  let client: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    const tipo = await client.query(
      `INSERT INTO documentos.tipo_documento (codigo, nombre, plazo_dias) VALUES ('TST-BUSQ', 'Prueba', 5) RETURNING id`,
    );
    const docs = [
      ['acentos', 'Resolución de licencia de conducir', 'José Pérez', null],
      ['sin_acentos', 'Apelacion contra la resolucion directoral', 'Maria Nunez', null],
      ['externo', 'Pedido de copia certificada', 'Municipalidad de Ica', 'OFICIO-123-2026'],
    ] as const;
    for (const [key, asunto, remitente, externo] of docs) {
      const { rows } = await client.query(
        `INSERT INTO documentos.documento (numero_expediente, tipo_documento_id, remitente, asunto,
           numero_documento_externo, fecha_presentacion, fecha_recepcion, codigo_seguimiento_hash)
         VALUES ($1, $2, $3, $4, $5, now(), now(), $6) RETURNING id`,
        [`TST-${key}`, tipo.rows[0].id, remitente, asunto, externo, createHash('sha256').update(key).digest('hex')],
      );
      ids[key] = rows[0].id;
    }
  });

  afterAll(async () => {
    await client.query('ROLLBACK');
    await client.end();
  });

  async function search(text: string): Promise<string[]> {
    const { rows } = await client.query(
      `SELECT id FROM documentos.documento
        WHERE id = ANY($1) AND search_vector @@ websearch_to_tsquery($2::regconfig, $3)`,
      [Object.values(ids), DOCUMENTOS_SEARCH_CONFIG, text],
    );
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return rows.map((r) => byId[r.id]).sort();
  }

  it("finds 'resolución' when asked for 'resolucion', and the reverse", async () => {
    expect(await search('resolucion')).toEqual(['acentos', 'sin_acentos']);
    expect(await search('resolución')).toEqual(['acentos', 'sin_acentos']);
  });

  it('folds accents in the sender and stems Spanish words', async () => {
    expect(await search('perez')).toEqual(['acentos']);
    expect(await search('Núñez')).toEqual(['sin_acentos']);
    expect(await search('licencias')).toEqual(['acentos']);
  });

  it('searches the external document number and combines terms', async () => {
    expect(await search('OFICIO-123-2026')).toEqual(['externo']);
    expect(await search('resolucion -apelacion')).toEqual(['acentos']);
  });
});
