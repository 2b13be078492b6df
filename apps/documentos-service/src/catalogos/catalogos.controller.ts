import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AreaDto, DocumentosPatterns, TipoDocumentoDto } from '@mesa/shared/contracts';
import { CatalogosService } from './catalogos.service';

@Controller()
export class CatalogosController {
  constructor(private readonly catalogos: CatalogosService) {}

  @MessagePattern(DocumentosPatterns.AREAS_LISTAR)
  areas(): Promise<AreaDto[]> {
    return this.catalogos.areas();
  }

  @MessagePattern(DocumentosPatterns.TIPOS_LISTAR)
  tipos(): Promise<TipoDocumentoDto[]> {
    return this.catalogos.tipos();
  }
}
