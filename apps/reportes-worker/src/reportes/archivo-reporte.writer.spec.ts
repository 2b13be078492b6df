import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from '@mesa/shared/storage';
import { Ejecucion } from '../jobs/ejecucion-abortable';
import { GeneradorReportes } from './archivo-reporte.writer';
import type { VistasReportesRepository } from './vistas-reportes.repository';

/**
 * A query that fails at once (here PostgreSQL refusing an out-of-range filter) must fail the
 * report, not the process: the error reached the output stream before Storage listened to it
 * (it creates its directories first), as an unhandled 'error' event that killed the worker.
 */
describe('GeneradorReportes when the first query fails at once', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'generador-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each(['csv', 'xlsx', 'pdf'] as const)('%s: rejects with the query error and leaves no file', async (formato) => {
    const fallo = new Error('value "2147483648" is out of range for type integer');
    const vistas = { consultar: () => Promise.reject(fallo), recorrer: () => Promise.reject(fallo) } as unknown as VistasReportesRepository;
    const generador = new GeneradorReportes(vistas, new LocalDiskStorage(root));
    const ejecucion = new Ejecucion({ limiteMs: 10_000 });
    try {
      await expect(
        generador.generar({ id: `r-${formato}`, tipo: 'documentos', formato, filtros: {} }, ejecucion, 10_000, async () => undefined),
      ).rejects.toBe(fallo);
    } finally {
      ejecucion.terminar();
    }
    // Another turn of the loop, where an unhandled 'error' event would be thrown.
    await new Promise((r) => setImmediate(r));
    expect((await readdir(root, { recursive: true })).filter((f) => f.includes(`r-${formato}`))).toEqual([]);
  });
});
