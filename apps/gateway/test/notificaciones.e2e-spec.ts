import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import { RunningApp } from '@mesa/shared/app';
import { RedisStreamsClient } from '@mesa/shared/bus';
import {
  CrearNotificacionesLoteReply,
  CrearNotificacionesLoteRequest,
  NotificacionesPatterns,
  Services,
} from '@mesa/shared/contracts';
import { derivacionesApp } from '../../derivaciones-service/src/app.definition';
import { CatalogosDocumentosService } from '../../derivaciones-service/src/catalogos-documentos/catalogos-documentos.service';
import { VencimientosJob } from '../../derivaciones-service/src/notificaciones/vencimientos.job';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo } from './support';

type Api = ReturnType<typeof api>;
interface Notificacion {
  id: string;
  tipo: string;
  referenciaId: string | null;
  leida: boolean;
  areaId: number | null;
  usuarioId: string | null;
}

/** Notifications: created once per recipient and event, listed unread first, marked read one by one or all at once. */
describe('notificaciones', () => {
  let pg: Client;
  let documentos: RunningApp;
  let derivaciones: RunningApp;
  let gateway: RunningApp;
  let bus: RedisStreamsClient;
  let mesa: Api;
  let area1: Api;
  let area2: Api;
  let auditor: Api;
  const area: Record<string, number> = {};

  beforeAll(async () => {
    await seedDemo();
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    for (const r of (await pg.query('SELECT id, codigo FROM documentos.area')).rows) area[r.codigo] = r.id;
    documentos = await boot(documentosApp);
    derivaciones = await boot(derivacionesApp);
    gateway = await boot(gatewayApp);
    bus = new RedisStreamsClient({
      redisUrl: process.env.REDIS_URL as string,
      service: Services.DERIVACIONES,
      keyPrefix: process.env.REDIS_KEY_PREFIX,
      timeoutMs: 10_000,
    });
    await bus.connect();
    [mesa, area1, area2, auditor] = await Promise.all(
      ['mesa', 'area1', 'area2', 'auditor'].map(async (u) => api(gateway.url, await login(gateway.url, u))),
    );
  });

  afterAll(async () => {
    await bus?.close();
    await gateway?.close();
    await derivaciones?.close();
    await documentos?.close();
    await pg?.end();
  });

  async function derivarNuevo(destino: number, extra: Record<string, unknown> = {}) {
    const doc = await mesa('POST', '/documentos', nuevoDocumento({ areaActualId: area.MP }));
    const r = await mesa('POST', '/derivaciones', {
      documentoId: doc.body.id,
      areaDestinoId: destino,
      instrucciones: 'Atender',
      ...extra,
    });
    expect(r.status).toBe(201);
    return r.body;
  }

  const mias = async (who: Api, query = 'limit=100'): Promise<Notificacion[]> =>
    (await who('GET', `/notificaciones?${query}`)).body.items;

  it('routing notifies the receiving office once, and once more when urgent; other offices hear nothing', async () => {
    const urgente = await derivarNuevo(area.DG, { esUrgente: true });
    const normal = await derivarNuevo(area.DG);
    const deDg = await mias(area2);
    const sobre = (id: string) =>
      deDg
        .filter((n) => n.referenciaId === id)
        .map((n) => n.tipo)
        .sort();
    expect(sobre(urgente.id)).toEqual(['DERIVACION_RECIBIDA', 'DERIVACION_URGENTE']);
    expect(sobre(normal.id)).toEqual(['DERIVACION_RECIBIDA']);
    expect(
      deDg.filter((n) => n.referenciaId === urgente.id).every((n) => n.areaId === area.DG && n.usuarioId === null),
    ).toBe(true);
    expect((await mias(area1)).some((n) => n.referenciaId === urgente.id)).toBe(false);
  });

  it('lists unread first; one is marked read, then all; another office’s notification answers 404', async () => {
    await derivarNuevo(area.DG);
    const antes = await mias(area2);
    expect(antes.length).toBeGreaterThanOrEqual(2);
    const elegida = antes[antes.length - 1];
    const leida = await area2('PUT', `/notificaciones/${elegida.id}/leida`);
    expect(leida.status).toBe(200);
    expect(leida.body).toMatchObject({ id: elegida.id, leida: true });
    expect(leida.body.leidaAt).not.toBeNull();
    const despues = await mias(area2);
    const primeraLeida = despues.findIndex((n) => n.leida);
    expect(primeraLeida).toBeGreaterThan(0);
    expect(despues.slice(primeraLeida).every((n) => n.leida)).toBe(true);

    expect((await area1('PUT', `/notificaciones/${elegida.id}/leida`)).status).toBe(404);
    expect((await area2('PUT', '/notificaciones/no-es-un-id/leida')).body.code).toBe('NOTIFICACION_NOT_FOUND');

    const todas = await area2('PUT', '/notificaciones/leidas');
    expect(todas.status).toBe(200);
    expect(todas.body.marcadas).toBeGreaterThanOrEqual(1);
    expect(await mias(area2, 'soloNoLeidas=true')).toEqual([]);
    expect((await mias(area2)).every((n) => n.leida)).toBe(true);
  });

  it('pages of notifications do not overlap and cross from unread to read', async () => {
    await derivarNuevo(area.DG);
    await derivarNuevo(area.DG);
    const vistos: string[] = [];
    let cursor: string | null = null;
    let paginas = 0;
    do {
      const r: { body: { items: Notificacion[]; nextCursor: string | null } } = await area2(
        'GET',
        `/notificaciones?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      vistos.push(...r.body.items.map((n) => n.id));
      cursor = r.body.nextCursor;
      paginas++;
    } while (cursor && paginas < 50);
    expect(new Set(vistos).size).toBe(vistos.length);
    expect(vistos.length).toBe((await mias(area2)).length);
    expect((await area2('GET', '/notificaciones?cursor=xyz')).body.code).toBe('CURSOR_INVALIDO');
  });

  it('notificaciones.crear_lote: one per recipient; a retried fan-out creates nothing new', async () => {
    const { rows } = await pg.query(`SELECT id, username FROM gateway.usuario WHERE username IN ('auditor', 'mesa')`);
    const usuarioIds = rows.map((r) => r.id as string);
    const lote: CrearNotificacionesLoteRequest = {
      dedupePrefix: `reporte:${Date.now()}`,
      tipo: 'REPORTE_LISTO',
      titulo: 'Reporte listo',
      mensaje: 'Su reporte de derivaciones está disponible',
      referenciaId: 'job-1',
      usuarioIds,
      areaIds: [area.DG],
    };
    const send = () => firstValueFrom(bus.send<CrearNotificacionesLoteReply>(NotificacionesPatterns.CREAR_LOTE, lote));
    expect(await send()).toEqual({ creadas: 3 });
    expect(await send()).toEqual({ creadas: 0 });
    await expect(
      firstValueFrom(
        bus.send(NotificacionesPatterns.CREAR_LOTE, { ...lote, dedupePrefix: 'otro', tipo: 'x'.repeat(51) }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const delAuditor = (await mias(auditor)).filter((n) => n.referenciaId === 'job-1' && n.tipo === 'REPORTE_LISTO');
    expect(delAuditor).toHaveLength(1);
    expect((await mias(area2)).filter((n) => n.referenciaId === 'job-1')).toHaveLength(1);
    expect((await mias(area1)).filter((n) => n.referenciaId === 'job-1')).toHaveLength(0);
  });

  it('due-soon notices at 3, 2 and 1 business days: one each, even when the job runs twice (and at once)', async () => {
    const plazos = await derivaciones.app.get(CatalogosDocumentosService).plazos();
    const ahora = new Date();
    const en = (dias: number) => plazos.sumarDiasHabiles(ahora, dias).toISOString();
    const d3 = await derivarNuevo(area.AJ, { fechaLimiteAtencion: en(3) });
    const d2 = await derivarNuevo(area.AJ, { fechaLimiteAtencion: en(2) });
    const d1 = await derivarNuevo(area.AJ, { fechaLimiteAtencion: en(1) });
    const lejos = await derivarNuevo(area.AJ, { fechaLimiteAtencion: en(6) });
    const job = derivaciones.app.get(VencimientosJob);
    const [a, b] = await Promise.all([job.ejecutar(ahora), job.ejecutar(ahora)]);
    const otraVez = await job.ejecutar(ahora);
    expect(otraVez).toBe(0);
    expect(a + b).toBeGreaterThanOrEqual(3);
    const avisos = async (id: string) =>
      (
        await pg.query(
          `SELECT titulo, area_id FROM derivaciones.notificacion WHERE referencia_id = $1 AND tipo = 'DERIVACION_POR_VENCER'`,
          [id],
        )
      ).rows;
    expect(await avisos(d3.id)).toEqual([{ titulo: 'Vence en 3 días hábiles', area_id: area.AJ }]);
    expect(await avisos(d2.id)).toEqual([{ titulo: 'Vence en 2 días hábiles', area_id: area.AJ }]);
    expect(await avisos(d1.id)).toEqual([{ titulo: 'Vence en 1 día hábil', area_id: area.AJ }]);
    expect(await avisos(lejos.id)).toEqual([]);
    // A day later d3 has 2 days left: a new notice for that day, still one per day.
    const manana = plazos.sumarDiasHabiles(ahora, 1);
    const siguiente = new Date(Math.min(manana.getTime() - 3_600_000, new Date(d3.fechaLimiteAtencion).getTime() - 1));
    await job.ejecutar(siguiente);
    await job.ejecutar(siguiente);
    expect((await avisos(d3.id)).map((r) => r.titulo).sort()).toEqual([
      'Vence en 2 días hábiles',
      'Vence en 3 días hábiles',
    ]);
  });
});
