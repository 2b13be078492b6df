import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CancelarTareaRequest,
  DescargaReporteReply,
  DescargaReporteRequest,
  ListarTareasRequest,
  ObtenerTareaRequest,
  ReportesPatterns,
  SolicitarReporteReply,
  SolicitarReporteRequest,
  TareaDto,
  TareasPage,
} from '@mesa/shared/contracts';
import { MOTIVO_CANCELACION } from '../jobs/ejecucion-abortable';
import { GenerarReporteExcelProcessor, GenerarReportePdfProcessor } from './generar-reporte.processor';
import { ReportesService } from './reportes.service';

@Controller()
export class ReportesController {
  constructor(
    private readonly reportes: ReportesService,
    private readonly excel: GenerarReporteExcelProcessor,
    private readonly pdf: GenerarReportePdfProcessor,
  ) {}

  @MessagePattern(ReportesPatterns.SOLICITAR)
  solicitar(@Payload() req: SolicitarReporteRequest): Promise<SolicitarReporteReply> {
    return this.reportes.solicitar(req);
  }

  @MessagePattern(ReportesPatterns.OBTENER_TAREA)
  obtener(@Payload() req: ObtenerTareaRequest): Promise<TareaDto> {
    return this.reportes.obtener(req.actor, req.id);
  }

  @MessagePattern(ReportesPatterns.LISTAR_TAREAS)
  listar(@Payload() req: ListarTareasRequest): Promise<TareasPage> {
    return this.reportes.listar(req.actor, req.limit, req.cursor);
  }

  @MessagePattern(ReportesPatterns.CANCELAR_TAREA)
  cancelar(@Payload() req: CancelarTareaRequest): Promise<TareaDto> {
    // When this replica runs the job, it stops now rather than at its next flag read.
    return this.reportes.cancelar(req.actor, req.id, (id) => {
      this.excel.worker.cancelJob(id, MOTIVO_CANCELACION);
      this.pdf.worker.cancelJob(id, MOTIVO_CANCELACION);
    });
  }

  @MessagePattern(ReportesPatterns.DESCARGA)
  descarga(@Payload() req: DescargaReporteRequest): Promise<DescargaReporteReply> {
    return this.reportes.descarga(req.actor, req.id);
  }
}
