import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Feriado } from '@mesa/db-entities';
import { CacheService } from '@mesa/shared/cache';
import { timedDb } from '@mesa/shared/database';
import { CalendarioLaboral, PlazoCalculator } from '@mesa/shared/domain';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';

export const NS_FERIADOS = 'feriados';

/** The business-day calendar from the holiday table, cached (holidays change rarely). */
@Injectable()
export class CalendarioService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async plazos(): Promise<PlazoCalculator> {
    const feriados = await this.cache.getOrLoad(NS_FERIADOS, 'all', 'find', () =>
      timedDb('documentos.feriados_all', () =>
        this.db.getRepository(Feriado).find({ select: { fecha: true, tipo: true, descripcion: true } }),
      ),
    );
    return new PlazoCalculator(new CalendarioLaboral(feriados), this.config.RECEPCION_HORA_CORTE);
  }
}

