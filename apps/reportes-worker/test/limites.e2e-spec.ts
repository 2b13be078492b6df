import { RunningApp } from '@mesa/shared/app';
import { ReportesPatterns, Rol, SolicitarReporteReply } from '@mesa/shared/contracts';
import { metricsRegistry } from '@mesa/shared/metrics';
import { actor, bootWorker, Bus, busReportes, esperarTarea, Lote, sembrarDocumentos, storageTemporal, terminada } from './support';

const LIMITE_MS = 300;

async function intentosPorTiempo(): Promise<number> {
  const m = await metricsRegistry.getSingleMetric('queue_job_attempts_total')?.get();
  return m?.values.find((v) => v.labels.queue === 'generar_reporte_excel' && v.labels.outcome === 'timeout')?.value ?? 0;
}

/**
 * The time limit, on a worker of its own (own key prefix, so its queues and bus are apart from
 * other tests') whose JOB_TIMEOUT_MS is far below what a 10,000-row report takes.
 */
describe('job time limit', () => {
  let app: RunningApp;
  let bus: Bus;
  let storage: Awaited<ReturnType<typeof storageTemporal>>;
  let lote: Lote;

  beforeAll(async () => {
    const prefix = `${process.env.REDIS_KEY_PREFIX}limite:`;
    storage = await storageTemporal();
    lote = await sembrarDocumentos(10_000);
    app = await bootWorker({ STORAGE_DIR: storage.dir, REDIS_KEY_PREFIX: prefix, JOB_TIMEOUT_MS: String(LIMITE_MS), DATABASE_URL: lote.databaseUrl });
    bus = busReportes(prefix);
  });

  afterAll(async () => {
    await bus?.close();
    await app?.close();
    await storage?.borrar();
    await lote?.drop();
  });

  it('stops an attempt over its limit, retries it with backoff, and finally fails with the reason and no file', async () => {
    const antes = await intentosPorTiempo();
    const a = actor(Rol.ADMIN);
    const { id } = await bus.send<SolicitarReporteReply>(ReportesPatterns.SOLICITAR, {
      actor: a,
      tipo: 'documentos',
      formato: 'xlsx',
      filtros: { desde: lote.desde, hasta: lote.hasta },
    });
    const t = await esperarTarea(bus, a, id, terminada, 60_000);
    expect(t).toMatchObject({ estado: 'failed', intentos: 3, error: `tiempo límite de ${LIMITE_MS} ms excedido`, filas: null });
    expect(t.progreso).toBeLessThan(100);
    // Each of the three attempts was stopped by the limit (not left running and marked failed).
    expect((await intentosPorTiempo()) - antes).toBe(3);
    expect(await storage.archivos()).toEqual([]);
  });
});
