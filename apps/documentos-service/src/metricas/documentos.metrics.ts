import { Injectable, OnModuleInit } from '@nestjs/common';
import { gauge } from '@mesa/shared/metrics';
import { MetricasRepository } from './metricas.repository';

/** Scrapes come every few seconds from every replica: the figures are read at most this often. */
const VIGENCIA_MS = 30_000;

/**
 * Domain gauges, computed on scrape from one cached read: `mesa_documentos_registrados` (an
 * estimate from the table statistics) and `mesa_documentos_vencidos` (open documents past their
 * deadline; the alert on its growth reads it). No labels: every replica reports the same figure.
 */
@Injectable()
export class DocumentosMetrics implements OnModuleInit {
  private ultima = 0;
  private enCurso?: Promise<void>;
  private cifras?: { registrados: number; vencidos: number };

  constructor(private readonly repo: MetricasRepository) {}

  onModuleInit(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    gauge(
      'mesa_documentos_registrados',
      'Registered documents (estimate from the table statistics)',
      [],
      async function () {
        await self.refrescar();
        if (self.cifras) this.set(self.cifras.registrados);
      },
    );
    gauge('mesa_documentos_vencidos', 'Open documents past their legal deadline', [], async function () {
      await self.refrescar();
      if (self.cifras) this.set(self.cifras.vencidos);
    });
  }

  private refrescar(): Promise<void> {
    if (Date.now() - this.ultima < VIGENCIA_MS) return Promise.resolve();
    this.enCurso ??= this.repo
      .cifras()
      .then((c) => {
        this.cifras = c;
        this.ultima = Date.now();
      })
      // The database unreachable: the last figures stay (readiness reports the outage).
      .catch(() => undefined)
      .finally(() => (this.enCurso = undefined));
    return this.enCurso;
  }
}
