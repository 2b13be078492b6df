import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '@mesa/shared/app';
import { writeOutbox } from '@mesa/shared/bus';
import { CacheService } from '@mesa/shared/cache';
import { Events } from '@mesa/shared/contracts';
import { tomarTurno } from '@mesa/shared/database';
import { documentoActualizado } from './documento-actualizado';
import { invalidarDocumentos } from './invalidacion';
import { TramiteRepository } from './tramite.repository';

/** How often each replica looks for expired observations; a minute late is within the day. */
const NO_PRESENTADO_INTERVALO_MS = 60_000;
/** Documents closed per statement, so one run never holds many row locks for long. */
const LOTE = 500;
/** Advisory lock key: one replica at a time runs the job. */
const LOCK = 'documentos.no_presentado';

/**
 * Domain rule 4: a filing not corrected within its term counts as not presented. Every replica
 * runs the timer; a PostgreSQL advisory lock (held for the transaction) lets one of them work
 * and the others skip the round.
 */
@Injectable()
export class NoPresentadoJob extends PeriodicJob {
  constructor(
    private readonly repo: TramiteRepository,
    private readonly cache: CacheService,
  ) {
    super(NO_PRESENTADO_INTERVALO_MS, 'no-presentado job');
  }

  protected ronda(): Promise<string[]> {
    return this.ejecutar();
  }

  /**
   * Turns every OBSERVADO document whose correction term ended before `ahora` into
   * NO_PRESENTADO, with its audit row and `documento.actualizado` event in the same
   * transaction. Returns the ids it closed. The timer skips a round when another replica holds
   * the lock; `esperarTurno` waits for it instead (a direct call that must see the work done).
   */
  async ejecutar(opts: { ahora?: Date; esperarTurno?: boolean } = {}): Promise<string[]> {
    const ahora = opts.ahora ?? new Date();
    const cerrados: string[] = [];
    for (;;) {
      const lote = await this.repo.transaccion('documentos.no_presentado', async (m) => {
        if (!(await tomarTurno(m, LOCK, opts.esperarTurno))) return null;
        const vencidos = await this.repo.cerrarVencidos(m, ahora, LOTE);
        await writeOutbox(
          m,
          'documentos',
          vencidos.map((d) => ({ pattern: Events.DOCUMENTO_ACTUALIZADO, data: documentoActualizado(d) })),
        );
        return vencidos.map((d) => d.id);
      });
      if (!lote) return cerrados;
      if (lote.length) await invalidarDocumentos(this.cache, lote);
      cerrados.push(...lote);
      if (lote.length < LOTE) return cerrados;
    }
  }
}
