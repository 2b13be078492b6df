import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CrearFeriadoRequest,
  DocumentosTramitePatterns,
  EliminarFeriadoRequest,
  FeriadoDto,
  FeriadosPage,
  ListarFeriadosRequest,
} from '@mesa/shared/contracts';
import { FeriadosService } from './feriados.service';

@Controller()
export class FeriadosController {
  constructor(private readonly feriados: FeriadosService) {}

  @MessagePattern(DocumentosTramitePatterns.FERIADOS_LISTAR)
  listar(@Payload() req: ListarFeriadosRequest): Promise<FeriadosPage> {
    return this.feriados.listar(req.anio, req.limit, req.cursor);
  }

  @MessagePattern(DocumentosTramitePatterns.FERIADOS_CREAR)
  crear(@Payload() req: CrearFeriadoRequest): Promise<FeriadoDto> {
    return this.feriados.crear(req.actor, req.feriado);
  }

  @MessagePattern(DocumentosTramitePatterns.FERIADOS_ELIMINAR)
  async eliminar(@Payload() req: EliminarFeriadoRequest): Promise<{ eliminado: true }> {
    await this.feriados.eliminar(req.actor, req.fecha);
    return { eliminado: true };
  }
}
