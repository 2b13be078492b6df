import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DocumentosLotePatterns,
  ExportarPaginaReply,
  ExportarPaginaRequest,
  PorIdsReply,
  PorIdsRequest,
  RegistrarLoteReply,
  RegistrarLoteRequest,
} from '@mesa/shared/contracts';
import { LoteService } from './lote.service';

/** Bus handlers of batch intake, bulk reads and export pages. */
@Controller()
export class LoteController {
  constructor(private readonly lote: LoteService) {}

  @MessagePattern(DocumentosLotePatterns.REGISTRAR_LOTE)
  registrar(@Payload() req: RegistrarLoteRequest): Promise<RegistrarLoteReply> {
    return this.lote.registrar(req.actor, req.documentos, req.idempotencia);
  }

  @MessagePattern(DocumentosLotePatterns.POR_IDS)
  porIds(@Payload() req: PorIdsRequest): Promise<PorIdsReply> {
    return this.lote.porIds(req.actor, req.ids);
  }

  @MessagePattern(DocumentosLotePatterns.EXPORTAR_PAGINA)
  exportarPagina(@Payload() req: ExportarPaginaRequest): Promise<ExportarPaginaReply> {
    return this.lote.exportarPagina(req.actor, req.filtros);
  }
}
