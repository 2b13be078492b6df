import { Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import {
  Actor,
  DerivacionesErrors,
  NotificacionDto,
  NotificacionesPage,
  NotificacionesPatterns,
  Services,
} from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { MarcadasSchema, NotificacionesPageSchema, NotificacionesQuery, NotificacionSchema } from './notificaciones.dto';

const notificacionIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => notFound(DerivacionesErrors.NOTIFICACION_NOT_FOUND, 'Notificación no encontrada'),
});

/** The caller's notifications and their office's: unread first, newest first. */
@ApiTags('notificaciones')
@ApiBearerAuth()
@Controller('notificaciones')
export class NotificacionesController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'My notifications and my office’s, unread first, keyset-paginated' })
  @ApiOkResponse({ type: NotificacionesPageSchema })
  @ApiProblems(400, 401, 504)
  listar(@CurrentActor() actor: Actor, @Query() query: NotificacionesQuery): Promise<NotificacionesPage> {
    return this.bus.send(Services.DERIVACIONES, NotificacionesPatterns.LISTAR, { actor, ...query });
  }

  @Put('leidas')
  @ApiOperation({ summary: 'Mark all of mine read' })
  @ApiOkResponse({ type: MarcadasSchema })
  @ApiProblems(401, 504)
  marcarTodas(@CurrentActor() actor: Actor): Promise<{ marcadas: number }> {
    return this.bus.send(Services.DERIVACIONES, NotificacionesPatterns.MARCAR_TODAS, { actor });
  }

  @Put(':id/leida')
  @ApiOperation({ summary: 'Mark one read (an office notice is read for the office)' })
  @ApiOkResponse({ type: NotificacionSchema })
  @ApiProblems(401, 404, 504)
  marcarLeida(@CurrentActor() actor: Actor, @Param('id', notificacionIdPipe) id: string): Promise<NotificacionDto> {
    return this.bus.send(Services.DERIVACIONES, NotificacionesPatterns.MARCAR_LEIDA, { actor, id });
  }
}
