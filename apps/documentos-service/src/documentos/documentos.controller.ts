import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DocumentoDto,
  DocumentosPage,
  DocumentosPatterns,
  ListarDocumentosRequest,
  ObtenerDocumentoRequest,
  RegistrarDocumentoRequest,
} from '@mesa/shared/contracts';
import { DocumentosService } from './documentos.service';

/** Bus handlers; validation of shape happened at the gateway, rules are checked here. */
@Controller()
export class DocumentosController {
  constructor(private readonly documentos: DocumentosService) {}

  @MessagePattern(DocumentosPatterns.REGISTRAR)
  registrar(@Payload() req: RegistrarDocumentoRequest): Promise<DocumentoDto> {
    return this.documentos.registrar(req.actor, req.documento, req.idempotencia);
  }

  @MessagePattern(DocumentosPatterns.OBTENER)
  obtener(@Payload() req: ObtenerDocumentoRequest): Promise<DocumentoDto> {
    return this.documentos.obtener(req.actor, req.id);
  }

  @MessagePattern(DocumentosPatterns.LISTAR)
  listar(@Payload() req: ListarDocumentosRequest): Promise<DocumentosPage> {
    return this.documentos.listar(req.actor, req.filtros);
  }
}
