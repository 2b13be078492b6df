import { EstadoDerivacion } from '@mesa/shared/contracts';
import { bandejaQuery, pendientesUsuarioQuery, vencidasQuery } from './bandejas.repository';

/** Every $n in the statement has a parameter, and every parameter is used. */
function placeholdersCoinciden(sql: string, params: unknown[]): void {
  const usados = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  expect([...usados].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1));
}

describe('tray statements', () => {
  const after = { clave: '2026-11-20 10:00:00.123456+00', id: '00000000-0000-4000-8000-000000000001' };

  it('newest first: filters and the keyset take their own placeholders, in order', () => {
    const [sql, params] = bandejaQuery({
      areaId: 7,
      estado: EstadoDerivacion.PENDIENTE,
      urgente: true,
      orden: 'recientes',
      limit: 20,
      after,
    });
    placeholdersCoinciden(sql, params);
    expect(params).toEqual([7, 20, 'PENDIENTE', true, after.clave, after.id]);
    expect(sql).toContain('ORDER BY fecha_derivacion DESC, id DESC');
    expect(sql).toContain('(fecha_derivacion, id) < ($5::timestamptz, $6::uuid)');
  });

  it('by deadline: only open derivations, ascending, keyset on the deadline', () => {
    const [sql, params] = bandejaQuery({ areaId: 7, orden: 'vencimiento', limit: 20, after });
    placeholdersCoinciden(sql, params);
    expect(sql).toContain(`estado IN ('PENDIENTE', 'RECIBIDO')`);
    expect(sql).toContain('ORDER BY fecha_limite_atencion, id');
    expect(sql).toContain('(fecha_limite_atencion, id) > ($3::timestamptz, $4::uuid)');
  });

  it('overdue: open and past the deadline', () => {
    const [sql, params] = bandejaQuery({ areaId: 7, vencidas: true, orden: 'recientes', limit: 5 });
    placeholdersCoinciden(sql, params);
    expect(sql).toContain('fecha_limite_atencion < now()');
    expect(sql).toContain(`estado IN ('PENDIENTE', 'RECIBIDO')`);
  });

  it('a user’s pending work and the overdue lists number their placeholders consistently', () => {
    for (const [sql, params] of [
      pendientesUsuarioQuery('u', 3, 20),
      pendientesUsuarioQuery('u', null, 20, after),
      vencidasQuery(3, 20),
      vencidasQuery(null, 20, after),
      vencidasQuery(3, 20, after),
    ]) {
      placeholdersCoinciden(sql, params);
    }
  });
});
