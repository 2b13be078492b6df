import { Client } from 'pg';

/**
 * The views documentos and derivaciones keep for reportes-worker (migration VistasReportes):
 * their columns and types are a contract. A migration that changes one fails here, and must
 * change reportes-worker's sources (apps/reportes-worker/src/reportes/vistas-reportes.queries.ts) with it.
 */
const CONTRATO: Record<string, [string, string][]> = {
  'documentos.reportes_documento': [
    ['id', 'uuid'],
    ['numero_expediente', 'varchar'],
    ['fecha_recepcion', 'timestamptz'],
    ['estado', 'estado_documento'],
    ['prioridad', 'prioridad'],
    ['tipo_documento_id', 'int4'],
    ['area_actual_id', 'int4'],
    ['remitente', 'varchar'],
    ['asunto', 'varchar'],
    ['numero_folios', 'int4'],
    ['fecha_limite', 'timestamptz'],
  ],
  'documentos.reportes_area': [
    ['id', 'int4'],
    ['nombre', 'varchar'],
    ['activa', 'bool'],
  ],
  'documentos.reportes_tipo_documento': [
    ['id', 'int4'],
    ['nombre', 'varchar'],
  ],
  'derivaciones.reportes_derivacion': [
    ['id', 'uuid'],
    ['numero_derivacion', 'varchar'],
    ['numero_expediente', 'varchar'],
    ['asunto', 'varchar'],
    ['area_origen_id', 'int4'],
    ['area_destino_id', 'int4'],
    ['estado', 'estado_derivacion'],
    ['fecha_derivacion', 'timestamptz'],
    ['fecha_recepcion', 'timestamptz'],
    ['fecha_atencion', 'timestamptz'],
    ['fecha_limite_atencion', 'timestamptz'],
    ['es_urgente', 'bool'],
  ],
};

/** A query on the run's database, on a connection of its own. */
async function consultar(sql: string, params: unknown[] = []) {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  try {
    return await pg.query(sql, params);
  } finally {
    await pg.end();
  }
}

describe('the views reports read', () => {
  it.each(Object.entries(CONTRATO))('%s keeps its columns and types', async (vista, columnas) => {
    const [schema, nombre] = vista.split('.');
    const { rows } = await consultar(
      `SELECT c.column_name, c.udt_name FROM information_schema.columns c
         JOIN information_schema.views v ON v.table_schema = c.table_schema AND v.table_name = c.table_name
        WHERE c.table_schema = $1 AND c.table_name = $2 ORDER BY c.ordinal_position`,
      [schema, nombre],
    );
    expect(rows.map((r) => [r.column_name, r.udt_name])).toEqual(columnas);
  });

  it('a view is inlined: the plan reads the table itself, so its indexes serve the report', async () => {
    const { rows } = await consultar(
      `EXPLAIN (FORMAT JSON) SELECT numero_derivacion FROM derivaciones.reportes_derivacion
        WHERE area_destino_id = 1 ORDER BY fecha_derivacion LIMIT 10`,
    );
    expect(JSON.stringify(rows[0]['QUERY PLAN'])).toContain('"Relation Name":"derivacion"');
  });
});
