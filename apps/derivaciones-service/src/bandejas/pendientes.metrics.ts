import { Injectable, OnModuleInit } from '@nestjs/common';
import { gauge } from '@mesa/shared/metrics';
import { BandejasRepository } from './bandejas.repository';

/** A scrape every few seconds must not become a query every few seconds. */
const VIGENCIA_MS = 30_000;

/**
 * `derivaciones_pendientes{area}` and `derivaciones_vencidas{area}`: open work per office,
 * computed on scrape (at most every 30 s) over the partial index of open derivations. Office ids
 * are a small catalogue, so the label stays bounded.
 */
@Injectable()
export class PendientesMetrics implements OnModuleInit {
  private ultima = 0;
  private enCurso?: Promise<void>;

  constructor(private readonly repo: BandejasRepository) {}

  onModuleInit(): void {
    const vencidas = gauge('derivaciones_vencidas', 'Open derivations past their deadline, by destination office', [
      'area',
    ]);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    gauge(
      'derivaciones_pendientes',
      'Derivations not yet received, by destination office',
      ['area'],
      async function () {
        await self.refrescar(this, vencidas);
      },
    );
  }

  private refrescar(pendientes: ReturnType<typeof gauge>, vencidas: ReturnType<typeof gauge>): Promise<void> {
    if (Date.now() - this.ultima < VIGENCIA_MS) return Promise.resolve();
    this.enCurso ??= this.repo
      .pendientesPorArea()
      .then((rows) => {
        pendientes.reset();
        vencidas.reset();
        for (const r of rows) {
          pendientes.set({ area: String(r.area) }, r.pendientes);
          vencidas.set({ area: String(r.area) }, r.vencidas);
        }
        this.ultima = Date.now();
      })
      .catch(() => undefined)
      .finally(() => (this.enCurso = undefined));
    return this.enCurso;
  }
}
