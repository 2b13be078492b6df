import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CargoPide,
  ConsultarPideRequest,
  PidePatterns,
  RecepcionarPideRequest,
  RecepcionFormalRequest,
  RespuestaConsultaPide,
  RespuestaPide,
  TipoDocumentoPide,
  TramitePideDto,
} from '@mesa/shared/contracts';
import { PideService } from './pide.service';

/** Bus handlers of the PIDE exchange (the gateway serves the SOAP port and the REST actions). */
@Controller()
export class PideController {
  constructor(private readonly pide: PideService) {}

  @MessagePattern(PidePatterns.RECEPCIONAR)
  recepcionar(@Payload() r: RecepcionarPideRequest): Promise<RespuestaPide> {
    return this.pide.recepcionar(r);
  }

  @MessagePattern(PidePatterns.CONSULTAR)
  consultar(@Payload() r: ConsultarPideRequest): Promise<RespuestaConsultaPide> {
    return this.pide.consultar(r);
  }

  @MessagePattern(PidePatterns.CARGO_RECIBIR)
  cargo(@Payload() r: CargoPide): Promise<RespuestaPide> {
    return this.pide.cargoRecibido(r);
  }

  @MessagePattern(PidePatterns.TIPOS)
  tipos(): Promise<TipoDocumentoPide[]> {
    return this.pide.tiposPide();
  }

  @MessagePattern(PidePatterns.RECEPCION_FORMAL)
  recepcionFormal(@Payload() r: RecepcionFormalRequest): Promise<TramitePideDto> {
    return this.pide.recepcionFormal(r);
  }

  @MessagePattern(PidePatterns.DE_DOCUMENTO)
  deDocumento(@Payload() r: { documentoId: string }): Promise<TramitePideDto[]> {
    return this.pide.deDocumento(r.documentoId);
  }
}
