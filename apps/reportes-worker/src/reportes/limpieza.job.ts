import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '@mesa/shared/app';
import { Storage } from '@mesa/shared/storage';
import { ReportesRepository } from './reportes.repository';

/** How often each replica looks for expired report files. */
const LIMPIEZA_INTERVALO_MS = 5 * 60_000;
/** Unfinished writes older than this belong to a process that died (uploads take minutes). */
const INCOMPLETOS_MS = 3600_000;
/** Files taken per statement. */
const LOTE = 200;

/**
 * Deletes report files past their expiry (REPORT_TTL_HOURS after completion). Rows are taken
 * with SKIP LOCKED, so replicas running the timer share the work instead of repeating it; the
 * key leaves the row before the file is deleted, and deleting a missing file is no error, so a
 * crash in between leaves at worst an orphan file, never a row pointing to nothing.
 */
@Injectable()
export class LimpiezaReportesJob extends PeriodicJob {
  constructor(
    private readonly repo: ReportesRepository,
    private readonly storage: Storage,
  ) {
    super(LIMPIEZA_INTERVALO_MS, 'report cleanup');
  }

  protected ronda(): Promise<number> {
    return this.ejecutar();
  }

  /** Deletes every expired file, and files a killed writer left unfinished; answers how many expired. */
  async ejecutar(): Promise<number> {
    let total = 0;
    for (;;) {
      const claves = await this.repo.retirarExpirados(LOTE);
      for (const clave of claves) await this.storage.delete(clave);
      total += claves.length;
      if (claves.length < LOTE) break;
    }
    const incompletos = await this.storage.sweepIncomplete(INCOMPLETOS_MS);
    if (incompletos) this.log.log(`removed ${incompletos} unfinished file(s) left by stopped writers`);
    return total;
  }
}
