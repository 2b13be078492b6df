import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ArchivoDto,
  ArchivoRequest,
  ArchivosPage,
  ArchivosPatterns,
  ArchivoUbicado,
  ListarArchivosRequest,
  MarcarProcesadoReply,
  MarcarProcesadoRequest,
  RegistrarArchivoRequest,
} from '@mesa/shared/contracts';
import { ArchivosService } from './archivos.service';

/** Bus handlers of attachments: the gateway moves the bytes, this service keeps the rows. */
@Controller()
export class ArchivosController {
  constructor(private readonly archivos: ArchivosService) {}

  @MessagePattern(ArchivosPatterns.PUEDE_ADJUNTAR)
  puedeAdjuntar(@Payload() req: ListarArchivosRequest): Promise<{ documentoId: string }> {
    return this.archivos.puedeAdjuntar(req.actor, req.documentoId);
  }

  @MessagePattern(ArchivosPatterns.REGISTRAR)
  registrar(@Payload() req: RegistrarArchivoRequest): Promise<ArchivoDto> {
    return this.archivos.registrar(req);
  }

  @MessagePattern(ArchivosPatterns.LISTAR)
  listar(@Payload() req: ListarArchivosRequest): Promise<ArchivosPage> {
    return this.archivos.listar(req.actor, req.documentoId, req.limit, req.cursor);
  }

  @MessagePattern(ArchivosPatterns.OBTENER)
  obtener(@Payload() req: ArchivoRequest): Promise<ArchivoUbicado> {
    return this.archivos.obtener(req.actor, req.documentoId, req.archivoId);
  }

  @MessagePattern(ArchivosPatterns.ELIMINAR)
  eliminar(@Payload() req: ArchivoRequest): Promise<ArchivoUbicado> {
    return this.archivos.eliminar(req.actor, req.documentoId, req.archivoId);
  }

  @MessagePattern(ArchivosPatterns.MARCAR_PROCESADO)
  marcarProcesado(@Payload() req: MarcarProcesadoRequest): Promise<MarcarProcesadoReply> {
    return this.archivos.marcarProcesado(req);
  }
}
