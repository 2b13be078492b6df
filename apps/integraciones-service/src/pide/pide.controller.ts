import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
  CargoPide,
  EntidadPideDto,
  GuardarEntidadPideRequest,
  GuardarTipoPideRequest,
  TipoPideDto,
  ConsultarPideRequest,
  EnviarPideRequest,
  PideDlqItem,
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

  @MessagePattern(PidePatterns.ENVIAR)
  enviar(@Payload() r: EnviarPideRequest): Promise<TramitePideDto> {
    return this.pide.enviar(r);
  }

  @MessagePattern(PidePatterns.DLQ_LISTAR)
  dlq(): Promise<PideDlqItem[]> {
    return this.pide.dlq();
  }

  @MessagePattern(PidePatterns.DLQ_REINTENTAR)
  reintentar(@Payload() r: { jobId: string }): Promise<PideDlqItem> {
    return this.pide.reintentar(r.jobId);
  }

  @MessagePattern(PidePatterns.ENTIDADES_LISTAR)
  entidades(): Promise<EntidadPideDto[]> {
    return this.pide.entidades();
  }

  @MessagePattern(PidePatterns.ENTIDAD_GUARDAR)
  guardarEntidad(@Payload() r: GuardarEntidadPideRequest): Promise<EntidadPideDto> {
    return this.pide.guardarEntidad(r);
  }

  @MessagePattern(PidePatterns.ENTIDAD_ELIMINAR)
  async eliminarEntidad(@Payload() r: { actor: Actor; ruc: string }) {
    await this.pide.eliminarEntidad(r.actor, r.ruc);
    return { eliminada: true };
  }

  @MessagePattern(PidePatterns.TIPOS_LISTAR)
  tiposAdmin(): Promise<TipoPideDto[]> {
    return this.pide.tipos();
  }

  @MessagePattern(PidePatterns.TIPO_GUARDAR)
  guardarTipo(@Payload() r: GuardarTipoPideRequest): Promise<TipoPideDto> {
    return this.pide.guardarTipo(r);
  }

  @MessagePattern(PidePatterns.TIPO_ELIMINAR)
  async eliminarTipo(@Payload() r: { actor: Actor; tipoDocumentoId: number }) {
    await this.pide.eliminarTipo(r.actor, r.tipoDocumentoId);
    return { eliminado: true };
  }
}
