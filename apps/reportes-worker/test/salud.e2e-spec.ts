import { RunningApp } from '@mesa/shared/app';
import { ReportesPatterns, Rol, SolicitarReporteReply } from '@mesa/shared/contracts';
import { RedisServer, startRedisServer, waitUntil } from '@mesa/shared/testing';
import { actor, bootWorker, Bus, busReportes, esperarTarea, prefijoPropio, seedCatalogos, storageTemporal, terminada } from './support';

/** Metrics and readiness, with the queues on a Redis of the test's own that it stops and restarts. */
describe('reportes-worker metrics and readiness', () => {
  let colas: RedisServer;
  let app: RunningApp;
  let bus: Bus;
  let storage: Awaited<ReturnType<typeof storageTemporal>>;
  const a = actor(Rol.ADMIN);

  const listo = async () => (await fetch(`${app.url}/health/ready`)).status;
  const informe = async (estado: string) => {
    const { id } = await bus.send<SolicitarReporteReply>(ReportesPatterns.SOLICITAR, {
      actor: a,
      tipo: 'vencidos',
      formato: 'csv',
      filtros: { estado },
    });
    return esperarTarea(bus, a, id, terminada, 60_000);
  };

  beforeAll(async () => {
    await seedCatalogos();
    colas = await startRedisServer();
    storage = await storageTemporal();
    const prefix = prefijoPropio('salud');
    app = await bootWorker({ STORAGE_DIR: storage.dir, QUEUE_REDIS_URL: colas.url, REDIS_KEY_PREFIX: prefix });
    bus = busReportes(prefix);
  });

  afterAll(async () => {
    await bus?.close();
    await app?.close();
    await colas?.stop();
    await storage?.borrar();
  });

  it('exports jobs by queue and state, durations, active jobs, attempts by outcome and its memory', async () => {
    expect((await informe('REGISTRADO')).estado).toBe('completed');
    const texto = await (await fetch(`${app.url}/metrics`)).text();
    expect(texto).toMatch(/queue_jobs\{queue="generar_reporte_excel",state="completed"\} [1-9]/);
    expect(texto).toMatch(/queue_jobs\{queue="generar_reporte_excel",state="waiting"\} 0/);
    expect(texto).toMatch(/queue_jobs\{queue="generar_reporte_pdf",state="active"\} 0/);
    expect(texto).toMatch(/queue_job_duration_seconds_count\{queue="generar_reporte_excel",result="completed"\} [1-9]/);
    expect(texto).toMatch(/queue_job_attempts_total\{queue="generar_reporte_excel",outcome="completed"\} [1-9]/);
    expect(texto).toMatch(/queue_worker_active_jobs\{queue="generar_reporte_excel"\} 0/);
    expect(texto).toMatch(/db_client_operation_duration_seconds_count\{operation="reportes.stream_rows",outcome="ok"\} [1-9]/);
    expect(texto).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('is not ready while the queue Redis is down, and works again once it is back', async () => {
    expect(await listo()).toBe(200);
    await colas.stop();
    expect(await waitUntil(async () => (await listo()) === 503, { timeoutMs: 15_000 })).toBe(true);
    const cuerpo = (await (await fetch(`${app.url}/health/ready`)).json()) as { error?: Record<string, { status: string }> };
    expect(cuerpo.error?.queue?.status).toBe('down');

    await colas.restart();
    expect(await waitUntil(async () => (await listo()) === 200, { timeoutMs: 30_000 })).toBe(true);
    // The restarted Redis is empty; the workers reconnected and take new jobs.
    expect((await informe('EN_PROCESO')).estado).toBe('completed');
  });
});
