import { acotarProblema, PROBLEM_LIMITS } from './problem-limits';

describe('acotarProblema', () => {
  it('cuts what passes the documented limits and leaves the rest as it was', () => {
    const fields = Array.from({ length: 150 }, (_, i) => ({ field: `f${i}`.padEnd(300, 'x'), message: 'm'.repeat(600) }));
    const p = acotarProblema({ code: 'VALIDATION_FAILED', status: 400, title: 'Bad Request', detail: 'd'.repeat(5000), fields });
    expect(p.detail).toHaveLength(PROBLEM_LIMITS.detail);
    expect(p.fields).toHaveLength(PROBLEM_LIMITS.fields);
    expect(p.fields?.[0].field).toHaveLength(PROBLEM_LIMITS.field);
    expect(p.fields?.[0].message).toHaveLength(PROBLEM_LIMITS.message);
    expect(p).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, title: 'Bad Request' });
  });

  it('changes nothing within the limits, and adds no fields where there were none', () => {
    const p = { code: 'NOT_FOUND', status: 404, title: 'Not Found', detail: 'Documento no encontrado' };
    expect(acotarProblema(p)).toEqual(p);
  });
});
