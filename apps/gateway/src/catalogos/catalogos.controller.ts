import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { AreaDto, DocumentosPatterns, Services, TipoDocumentoDto } from '@mesa/shared/contracts';
import { ApiProblems } from '../common/problem.schema';

class AreaSchema {
  @ApiProperty({ format: 'uuid' }) id: number;
  @ApiProperty({ maxLength: 20 }) codigo: string;
  @ApiProperty({ maxLength: 150 }) nombre: string;
  @ApiProperty() activa: boolean;
}

class TipoDocumentoSchema {
  @ApiProperty({ format: 'uuid' }) id: number;
  @ApiProperty({ maxLength: 20 }) codigo: string;
  @ApiProperty({ maxLength: 150 }) nombre: string;
  @ApiProperty({ description: 'Term in business days' }) plazoDias: number;
  @ApiProperty() activo: boolean;
}

@ApiTags('catalogos')
@ApiBearerAuth()
@Controller()
export class CatalogosController {
  constructor(private readonly bus: BusClient) {}

  @Get('areas')
  @ApiOkResponse({ type: [AreaSchema] })
  @ApiProblems(401, 504)
  areas(): Promise<AreaDto[]> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.AREAS_LISTAR, {});
  }

  @Get('tipos-documento')
  @ApiOkResponse({ type: [TipoDocumentoSchema] })
  @ApiProblems(401, 504)
  tipos(): Promise<TipoDocumentoDto[]> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.TIPOS_LISTAR, {});
  }
}
