import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RunningApp, startApp } from '@mesa/shared/app';
import { Actor, Rol } from '@mesa/shared/contracts';
import { fechaLima } from '@mesa/shared/domain';
import { documentosApp } from '../src/app.definition';
import { ConsultasService } from '../src/consultas/consultas.service';
import { FeriadosService } from '../src/feriados/feriados.service';

/**
 * Caches of documentos-service against the change that stales them, on the real PostgreSQL and
 * Redis (cache on). Changes of documents are covered by the gateway suites; here, the holiday
 * table: the statistics' "due within 3 business days" is computed over it.
 */
describe('cache invalidation by holiday changes', () => {
  let documentos: RunningApp;
  let pg: Client;
  const admin: Actor = { userId: randomUUID(), username: 'admin', rol: Rol.ADMIN, areaId: null };

  beforeAll(async () => {
    documentos = await startApp(documentosApp, { ...process.env, PORT: '0', LOG_LEVEL: 'warn', CACHE_ENABLED: 'true' });
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
  });

  afterAll(async () => {
    await documentos?.close();
    await pg?.end();
  });

  it('a holiday added or removed inside the "due soon" window moves it at once, not after the 5 min cache', async () => {
    const consultas = documentos.app.get(ConsultasService);
    const feriados = documentos.app.get(FeriadosService);
    const antes = await consultas.estadisticas(admin);
    expect(await consultas.estadisticas(admin)).toEqual(antes); // served from the cache
    // The last day of the window is a business day; make it a holiday.
    const fecha = fechaLima(new Date(antes.porVencerHasta));
    await feriados.crear(admin, { fecha, descripcion: 'Feriado de prueba de caché', tipo: 'INSTITUCIONAL' });
    try {
      const conFeriado = await consultas.estadisticas(admin);
      expect(fechaLima(new Date(conFeriado.porVencerHasta)) > fecha).toBe(true);
    } finally {
      await feriados.eliminar(admin, fecha);
    }
    expect(fechaLima(new Date((await consultas.estadisticas(admin)).porVencerHasta))).toBe(fecha);
  });
});
