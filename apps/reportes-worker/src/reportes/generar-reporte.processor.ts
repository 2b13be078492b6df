import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { FiltrosReporte, GenerarReporteJob, Queues } from '@mesa/shared/contracts';
import { Storage } from '@mesa/shared/storage';
import { Ejecucion, TrabajoCancelado } from '../jobs/ejecucion-abortable';
import { ProcesadorBase } from '../jobs/procesador.base';
import { claveReporte, GeneradorReportes } from './archivo-reporte.writer';
import { ReportesRepository } from './reportes.repository';

interface ResultadoReporte {
  /** False when the task had already ended (cancelled, or completed by an earlier delivery). */
  generado: boolean;
  filas?: number;
}

/**
 * One report attempt. Idempotent: an attempt only starts while the row is open, and the file
 * is written under the task's own key (a retry replaces it), so a redelivered job has one effect.
 */
abstract class GenerarReporteProcessor extends ProcesadorBase<GenerarReporteJob, ResultadoReporte> {
  constructor(
    config: AppConfig,
    private readonly repo: ReportesRepository,
    private readonly generador: GeneradorReportes,
    private readonly storage: Storage,
  ) {
    super(config);
  }

  protected override cancelada(job: Job<GenerarReporteJob>): Promise<boolean> {
    return this.repo.cancelada(job.data.reporteId);
  }

  protected async ejecutar(job: Job<GenerarReporteJob>, e: Ejecucion): Promise<ResultadoReporte> {
    const d = job.data;
    const row = await this.repo.iniciar(d.reporteId, job.attemptsMade + 1);
    if (!row) return { generado: false };
    let ultimo = -1;
    const r = await this.generador.generar({ id: d.reporteId, tipo: d.tipo, formato: d.formato, filtros: d.filtros as FiltrosReporte }, e, this.config.JOB_TIMEOUT_MS, async (pct) => {
      if (pct !== ultimo) {
        ultimo = pct;
        await job.updateProgress(pct);
      }
    });
    if (!(await this.repo.completar(d.reporteId, r, this.config.REPORT_TTL_HOURS))) {
      // Cancelled between the last checkpoint and now: the file must not outlive the task.
      await this.storage.delete(r.storageKey);
      throw new TrabajoCancelado();
    }
    await job.updateProgress(100);
    return { generado: true, filas: r.filas };
  }

  protected override async alFallar(job: Job<GenerarReporteJob>, err: Error): Promise<void> {
    await this.storage.delete(claveReporte(job.data.reporteId, job.data.formato));
    await this.repo.fallar(job.data.reporteId, err.message);
  }
}

/** xlsx and csv reports (both are row streams). */
@Processor(Queues.GENERAR_REPORTE_EXCEL, { autorun: false })
export class GenerarReporteExcelProcessor extends GenerarReporteProcessor {
  constructor(@Inject(APP_CONFIG) config: AppConfig, repo: ReportesRepository, generador: GeneradorReportes, storage: Storage) {
    super(config, repo, generador, storage);
  }
}

@Processor(Queues.GENERAR_REPORTE_PDF, { autorun: false })
export class GenerarReportePdfProcessor extends GenerarReporteProcessor {
  constructor(@Inject(APP_CONFIG) config: AppConfig, repo: ReportesRepository, generador: GeneradorReportes, storage: Storage) {
    super(config, repo, generador, storage);
  }
}
