import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Area, TipoDocumento } from '@mesa/db-entities';
import { CacheService } from '@mesa/shared/cache';
import { AreaDto, TipoDocumentoDto } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';

export const NS_CATALOGOS = 'catalogos';

/** Offices and document types: small, read on every registration, cached. */
@Injectable()
export class CatalogosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: CacheService,
  ) {}

  areas(): Promise<AreaDto[]> {
    return this.cache.getOrLoad(NS_CATALOGOS, 'areas', 'find', () =>
      timedDb('documentos.areas_list', async () => {
        const rows = await this.db.getRepository(Area).find({ order: { id: 'ASC' } });
        return rows.map((a) => ({ id: a.id, codigo: a.codigo, nombre: a.nombre, activa: a.activa }));
      }),
    );
  }

  tipos(): Promise<TipoDocumentoDto[]> {
    return this.cache.getOrLoad(NS_CATALOGOS, 'tipos', 'find', () =>
      timedDb('documentos.tipos_list', async () => {
        const rows = await this.db.getRepository(TipoDocumento).find({ order: { id: 'ASC' } });
        return rows.map((t) => ({ id: t.id, codigo: t.codigo, nombre: t.nombre, plazoDias: t.plazoDias, activo: t.activo }));
      }),
    );
  }
}
