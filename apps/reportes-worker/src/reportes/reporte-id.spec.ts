import { idReporte, idSiguiente, VENTANA_DUPLICADOS_MS } from './reporte-id';

describe('idReporte', () => {
  const t = 1_795_000_000_000 - (1_795_000_000_000 % VENTANA_DUPLICADOS_MS);
  const user = '1b1f5a3e-0000-4000-8000-000000000001';

  it('gives one id to the same request within the window, whatever the order or blanks of the filters', () => {
    const a = idReporte(user, 'documentos', 'xlsx', { desde: '2026-01-01', areaId: 3 }, t + 1000);
    const b = idReporte(user, 'documentos', 'xlsx', { areaId: 3, estado: '', desde: '2026-01-01' }, t + VENTANA_DUPLICADOS_MS - 1);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives a next id, the same for everyone who asks, different from every earlier one', () => {
    const a = idReporte(user, 'documentos', 'pdf', {}, t);
    expect(idSiguiente(a)).toBe(idSiguiente(a));
    expect(new Set([a, idSiguiente(a), idSiguiente(idSiguiente(a))]).size).toBe(3);
    expect(idSiguiente(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs by user, type, format, filters and window', () => {
    const base = idReporte(user, 'documentos', 'xlsx', {}, t);
    expect(idReporte('otro', 'documentos', 'xlsx', {}, t)).not.toBe(base);
    expect(idReporte(user, 'vencidos', 'xlsx', {}, t)).not.toBe(base);
    expect(idReporte(user, 'documentos', 'pdf', {}, t)).not.toBe(base);
    expect(idReporte(user, 'documentos', 'xlsx', { areaId: 1 }, t)).not.toBe(base);
    expect(idReporte(user, 'documentos', 'xlsx', {}, t + VENTANA_DUPLICADOS_MS)).not.toBe(base);
  });
});
