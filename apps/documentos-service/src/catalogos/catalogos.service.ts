import { Injectable } from '@nestjs/common';
import { CacheService } from '@mesa/shared/cache';
import { AreaDto, TipoDocumentoDto } from '@mesa/shared/contracts';
import { CatalogosRepository } from './catalogos.repository';

const NS_CATALOGOS = 'catalogos';

/** Offices and document types: small, read on every registration, cached. */
@Injectable()
export class CatalogosService {
  constructor(
    private readonly repo: CatalogosRepository,
    private readonly cache: CacheService,
  ) {}

  areas(): Promise<AreaDto[]> {
    return this.cache.getOrLoad(NS_CATALOGOS, 'areas', 'find', () => this.repo.areas());
  }

  tipos(): Promise<TipoDocumentoDto[]> {
    return this.cache.getOrLoad(NS_CATALOGOS, 'tipos', 'find', () => this.repo.tipos());
  }
}
