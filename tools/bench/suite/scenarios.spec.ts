import { databaseName } from './dataset';
import { dayOffset, pseudoRandom, scenarios } from './scenarios';

describe('scenario helpers', () => {
  it('draws the same sequence from the same seed, within [0, 1)', () => {
    const a = pseudoRandom(7);
    const b = pseudoRandom(7);
    const first = Array.from({ length: 1000 }, () => a());
    expect(first).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(990);
    expect(pseudoRandom(8)()).not.toBe(first[0]);
  });

  it('gives dates as YYYY-MM-DD counted back from today', () => {
    const today = new Date('2026-03-01T12:00:00Z');
    expect(dayOffset(0, today)).toBe('2026-03-01');
    expect(dayOffset(1, today)).toBe('2026-02-28');
    expect(dayOffset(365, today)).toBe('2025-03-01');
  });

  it('names one database per dataset size', () => {
    expect(databaseName(10_000)).toBe('mesa_bench_10k');
    expect(databaseName(1_000_000)).toBe('mesa_bench_1m');
    expect(databaseName(12_345)).toBe('mesa_bench_12345');
  });

  it('covers every scenario the issues ask for, each with a unique key and a way to run it', () => {
    const list = scenarios();
    const keys = list.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'detalle-hot',
        'detalle-frio',
        'bandeja',
        'lista',
        'lista-profunda',
        'busqueda',
        'estadisticas',
        'estadisticas-sin-cache',
        'vencidos',
        'seguimiento',
        'bandeja-derivaciones',
        'hoja-de-ruta',
        'registro',
        'lote-500',
        'derivar',
        'recibir',
      ]),
    );
    for (const s of list) expect(s.model === 'open' ? s.rate : s.count).toBeDefined();
    expect(list.find((s) => s.key === 'detalle-hot')?.rate).toBe(1000);
  });
});
