import { filterColumns, seqScans } from '@mesa/shared/database';
import { whereColumns } from './pg-stats.repository';

describe('columns a query filters on', () => {
  it('from pg_stat_statements text', () => {
    expect(
      whereColumns(
        'SELECT * FROM documentos.documento d WHERE d.estado = $1 AND remitente ILIKE $2 ORDER BY fecha_recepcion LIMIT $3',
      ),
    ).toEqual(['estado', 'remitente']);
    expect(whereColumns('SELECT 1')).toEqual([]);
  });

  it("from a plan's Filter, without the literals (they may hold personal data)", () => {
    expect(filterColumns("((t.codigo)::text = 'María'::text) AND (t.grupo > 3)")).toEqual(['codigo', 'grupo']);
    expect(filterColumns("(lower((remitente)::text) ~~ '%juan = x%'::text)")).toEqual(['remitente']);
  });

  it('finds every Seq Scan of a plan with its table', () => {
    const plan = [
      {
        Plan: {
          'Node Type': 'Nested Loop',
          Plans: [
            {
              'Node Type': 'Seq Scan',
              'Relation Name': 'documento',
              Schema: 'documentos',
              Filter: "(documento.estado = 'REGISTRADO'::documentos.estado_documento)",
            },
            { 'Node Type': 'Index Scan', 'Relation Name': 'area', Schema: 'documentos' },
          ],
        },
      },
    ];
    expect(seqScans(plan)).toEqual([{ table: 'documentos.documento', columns: ['estado'] }]);
  });
});
