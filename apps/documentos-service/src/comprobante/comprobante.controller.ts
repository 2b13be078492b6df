import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ComprobanteReply, ComprobanteRequest, QrReply, SeguimientoPatterns, SeguimientoPublico, SeguimientoRequest } from '@mesa/shared/contracts';
import { SeguimientoService } from '../seguimiento/seguimiento.service';
import { ComprobanteService } from './comprobante.service';

/** Bus handlers of the receipt, its QR and the public tracking. */
@Controller()
export class ComprobanteController {
  constructor(
    private readonly comprobantes: ComprobanteService,
    private readonly seguimientos: SeguimientoService,
  ) {}

  @MessagePattern(SeguimientoPatterns.COMPROBANTE)
  comprobante(@Payload() req: ComprobanteRequest): Promise<ComprobanteReply> {
    return this.comprobantes.pdf(req.actor, req.id);
  }

  @MessagePattern(SeguimientoPatterns.QR)
  qr(@Payload() req: ComprobanteRequest): Promise<QrReply> {
    return this.comprobantes.qr(req.actor, req.id);
  }

  @MessagePattern(SeguimientoPatterns.SEGUIMIENTO)
  seguimiento(@Payload() req: SeguimientoRequest): Promise<SeguimientoPublico> {
    return this.seguimientos.consultar(req);
  }
}
