import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccionDocumentoRequest,
  DocumentosTramitePatterns,
  DocumentoTramiteDto,
  EditarDocumentoRequest,
  HistorialPage,
  HistorialRequest,
  ObservarDocumentoRequest,
} from '@mesa/shared/contracts';
import { TramiteService } from './tramite.service';

/** Bus handlers of changes, state actions and history. */
@Controller()
export class TramiteController {
  constructor(private readonly tramite: TramiteService) {}

  @MessagePattern(DocumentosTramitePatterns.EDITAR)
  editar(@Payload() req: EditarDocumentoRequest): Promise<DocumentoTramiteDto> {
    return this.tramite.editar(req.actor, req.id, req.cambios, req.versionEsperada);
  }

  @MessagePattern(DocumentosTramitePatterns.OBSERVAR)
  observar(@Payload() req: ObservarDocumentoRequest): Promise<DocumentoTramiteDto> {
    return this.tramite.observar(req.actor, req.id, req.observaciones, req.versionEsperada);
  }

  @MessagePattern(DocumentosTramitePatterns.SUBSANAR)
  subsanar(@Payload() req: AccionDocumentoRequest): Promise<DocumentoTramiteDto> {
    return this.tramite.subsanar(req.actor, req.id, req.versionEsperada);
  }

  @MessagePattern(DocumentosTramitePatterns.ARCHIVAR)
  archivar(@Payload() req: AccionDocumentoRequest): Promise<DocumentoTramiteDto> {
    return this.tramite.archivar(req.actor, req.id, req.versionEsperada);
  }

  @MessagePattern(DocumentosTramitePatterns.HISTORIAL)
  historial(@Payload() req: HistorialRequest): Promise<HistorialPage> {
    return this.tramite.historial(req.actor, req.id, req.limit, req.cursor);
  }
}
