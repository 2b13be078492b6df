import { Inject, Injectable } from '@nestjs/common';
import { CacheService } from '@mesa/shared/cache';
import { CalendarioLaboral, PlazoCalculator } from '@mesa/shared/domain';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { CatalogosRepository } from './catalogos.repository';

export const NS_FERIADOS = 'feriados';

/** Deadlines in business days: the calculator over the holiday table, cached (holidays change rarely). */
@Injectable()
export class PlazosService {
  constructor(
    private readonly repo: CatalogosRepository,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async plazos(): Promise<PlazoCalculator> {
    const feriados = await this.cache.getOrLoad(NS_FERIADOS, 'all', 'find', () => this.repo.feriados());
    return new PlazoCalculator(new CalendarioLaboral(feriados), this.config.RECEPCION_HORA_CORTE);
  }
}
