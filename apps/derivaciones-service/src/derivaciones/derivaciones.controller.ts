import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccionDerivacionRequest,
  BandejaRequest,
  DerivacionAccionDto,
  DerivacionCreadaDto,
  DerivacionesPage,
  DerivacionesPatterns,
  DerivacionMasivaDto,
  DerivarMasivaRequest,
  DerivarRequest,
  EstadisticasAreaDto,
  EstadisticasAreaRequest,
  HojaDeRutaDto,
  HojaDeRutaRequest,
  ListaRequest,
} from '@mesa/shared/contracts';
import { BandejasService } from '../bandejas/bandejas.service';
import { AccionesDerivacionService } from './acciones-derivacion.service';
import { DerivarService } from './derivar.service';

/** Bus handlers of routing, the actions on a derivation, and the trays. */
@Controller()
export class DerivacionesController {
  constructor(
    private readonly ruteo: DerivarService,
    private readonly acciones: AccionesDerivacionService,
    private readonly bandejas: BandejasService,
  ) {}

  @MessagePattern(DerivacionesPatterns.DERIVAR)
  derivar(@Payload() req: DerivarRequest): Promise<DerivacionCreadaDto> {
    return this.ruteo.derivar(req.actor, req.derivacion, req.idempotencia);
  }

  @MessagePattern(DerivacionesPatterns.DERIVAR_MASIVA)
  derivarMasiva(@Payload() req: DerivarMasivaRequest): Promise<DerivacionMasivaDto> {
    return this.ruteo.derivarMasiva(req.actor, req.lote, req.idempotencia);
  }

  @MessagePattern(DerivacionesPatterns.RECIBIR)
  recibir(@Payload() req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    return this.acciones.recibir(req.actor, req);
  }

  @MessagePattern(DerivacionesPatterns.ATENDER)
  atender(@Payload() req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    return this.acciones.atender(req.actor, req);
  }

  @MessagePattern(DerivacionesPatterns.RECHAZAR)
  rechazar(@Payload() req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    return this.acciones.rechazar(req.actor, req);
  }

  @MessagePattern(DerivacionesPatterns.REASIGNAR)
  reasignar(@Payload() req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    return this.acciones.reasignar(req.actor, req);
  }

  @MessagePattern(DerivacionesPatterns.DEVOLVER)
  devolver(@Payload() req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    return this.acciones.devolver(req.actor, req);
  }

  @MessagePattern(DerivacionesPatterns.BANDEJA)
  bandeja(@Payload() req: BandejaRequest): Promise<DerivacionesPage> {
    return this.bandejas.bandeja(req.actor, req.filtros);
  }

  @MessagePattern(DerivacionesPatterns.PENDIENTES_USUARIO)
  pendientesUsuario(@Payload() req: ListaRequest): Promise<DerivacionesPage> {
    return this.bandejas.pendientesUsuario(req.actor, req.limit, req.cursor);
  }

  @MessagePattern(DerivacionesPatterns.VENCIDAS)
  vencidas(@Payload() req: ListaRequest): Promise<DerivacionesPage> {
    return this.bandejas.vencidas(req.actor, req.limit, req.cursor);
  }

  @MessagePattern(DerivacionesPatterns.HOJA_DE_RUTA)
  hojaDeRuta(@Payload() req: HojaDeRutaRequest): Promise<HojaDeRutaDto> {
    return this.bandejas.hojaDeRuta(req.actor, req.documentoId);
  }

  @MessagePattern(DerivacionesPatterns.ESTADISTICAS_AREA)
  estadisticas(@Payload() req: EstadisticasAreaRequest): Promise<EstadisticasAreaDto> {
    return this.bandejas.estadisticas(req.actor, req.areaId);
  }
}
