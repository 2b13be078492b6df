import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DocumentoDetalleDto,
  DocumentoDto,
  DocumentosPage,
  DocumentosPatterns,
  ListarDocumentosRequest,
  ObtenerDocumentoRequest,
  RegistrarDocumentoRequest,
} from '@mesa/shared/contracts';
import { ArchivosService } from '../archivos/archivos.service';
import { DocumentosService } from './documentos.service';

/** Bus handlers; validation of shape happened at the gateway, rules are checked here. */
@Controller()
export class DocumentosController {
  constructor(
    private readonly documentos: DocumentosService,
    private readonly archivos: ArchivosService,
  ) {}

  @MessagePattern(DocumentosPatterns.REGISTRAR)
  registrar(@Payload() req: RegistrarDocumentoRequest): Promise<DocumentoDto> {
    return this.documentos.registrar(req.actor, req.documento, req.idempotencia);
  }

  @MessagePattern(DocumentosPatterns.OBTENER)
  obtener(@Payload() req: ObtenerDocumentoRequest): Promise<DocumentoDto> {
    return this.documentos.obtener(req.actor, req.id);
  }

  @MessagePattern(DocumentosPatterns.DETALLE)
  async detalle(@Payload() req: ObtenerDocumentoRequest): Promise<DocumentoDetalleDto> {
    const doc = await this.documentos.obtener(req.actor, req.id);
    return { ...doc, firmas: await this.archivos.resumenFirmas(doc.id) };
  }

  @MessagePattern(DocumentosPatterns.LISTAR)
  listar(@Payload() req: ListarDocumentosRequest): Promise<DocumentosPage> {
    return this.documentos.listar(req.actor, req.filtros);
  }
}
