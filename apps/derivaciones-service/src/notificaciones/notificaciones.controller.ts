import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CrearNotificacionesLoteReply,
  CrearNotificacionesLoteRequest,
  ListarNotificacionesRequest,
  MarcarNotificacionRequest,
  MarcarTodasRequest,
  NotificacionDto,
  NotificacionesPage,
  NotificacionesPatterns,
} from '@mesa/shared/contracts';
import { NotificacionesService } from './notificaciones.service';

@Controller()
export class NotificacionesController {
  constructor(private readonly notificaciones: NotificacionesService) {}

  @MessagePattern(NotificacionesPatterns.CREAR_LOTE)
  crearLote(@Payload() req: CrearNotificacionesLoteRequest): Promise<CrearNotificacionesLoteReply> {
    return this.notificaciones.crearLote(req);
  }

  @MessagePattern(NotificacionesPatterns.LISTAR)
  listar(@Payload() req: ListarNotificacionesRequest): Promise<NotificacionesPage> {
    return this.notificaciones.listar(req);
  }

  @MessagePattern(NotificacionesPatterns.MARCAR_LEIDA)
  marcarLeida(@Payload() req: MarcarNotificacionRequest): Promise<NotificacionDto> {
    return this.notificaciones.marcarLeida(req.actor, req.id);
  }

  @MessagePattern(NotificacionesPatterns.MARCAR_TODAS)
  marcarTodas(@Payload() req: MarcarTodasRequest): Promise<{ marcadas: number }> {
    return this.notificaciones.marcarTodas(req.actor);
  }
}
