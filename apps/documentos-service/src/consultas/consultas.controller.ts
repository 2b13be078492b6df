import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BuscarDocumentosRequest,
  DocumentoDto,
  DocumentosConsultasPatterns,
  DocumentosPage,
  DocumentosVencidosPage,
  EstadisticasDto,
  EstadisticasRequest,
  ObtenerPorExpedienteRequest,
  VencidosRequest,
} from '@mesa/shared/contracts';
import { ConsultasService } from './consultas.service';

/** Bus handlers of the read-only views (search, case number, statistics, overdue). */
@Controller()
export class ConsultasController {
  constructor(private readonly consultas: ConsultasService) {}

  @MessagePattern(DocumentosConsultasPatterns.BUSCAR)
  buscar(@Payload() req: BuscarDocumentosRequest): Promise<DocumentosPage> {
    return this.consultas.buscar(req.actor, req.q, req.limit, req.cursor);
  }

  @MessagePattern(DocumentosConsultasPatterns.POR_EXPEDIENTE)
  porExpediente(@Payload() req: ObtenerPorExpedienteRequest): Promise<DocumentoDto> {
    return this.consultas.porExpediente(req.actor, req.numeroExpediente);
  }

  @MessagePattern(DocumentosConsultasPatterns.ESTADISTICAS)
  estadisticas(@Payload() req: EstadisticasRequest): Promise<EstadisticasDto> {
    return this.consultas.estadisticas(req.actor, req.fechaDesde, req.fechaHasta);
  }

  @MessagePattern(DocumentosConsultasPatterns.VENCIDOS)
  vencidos(@Payload() req: VencidosRequest): Promise<DocumentosVencidosPage> {
    return this.consultas.vencidos(req.actor, req.areaId, req.limit, req.cursor);
  }
}
