import { planNodes, seqScans } from './plan-scans';

const plan = [
  {
    Plan: {
      'Node Type': 'Nested Loop',
      Plans: [
        {
          'Node Type': 'Index Scan',
          'Relation Name': 'documento',
          Schema: 'documentos',
          'Index Name': 'idx_documento_area_estado_fecha',
        },
        {
          'Node Type': 'Hash',
          Plans: [
            {
              'Node Type': 'Seq Scan',
              'Relation Name': 'derivacion',
              Schema: 'derivaciones',
              Filter: "((area_destino_id = 7) AND (estado = 'PENDIENTE'::text))",
            },
          ],
        },
      ],
    },
  },
];

describe('query plans', () => {
  it('walks every node depth first', () => {
    expect(planNodes(plan[0].Plan).map((n) => n['Node Type'])).toEqual([
      'Nested Loop',
      'Index Scan',
      'Hash',
      'Seq Scan',
    ]);
  });

  it('finds the sequential scans with the columns their filter compares, and no literal values', () => {
    expect(seqScans(plan)).toEqual([{ table: 'derivaciones.derivacion', columns: ['area_destino_id', 'estado'] }]);
    expect(seqScans({ Plan: plan[0].Plan.Plans[0] })).toEqual([]);
    expect(seqScans(undefined)).toEqual([]);
  });
});
