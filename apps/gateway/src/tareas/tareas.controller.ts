import { Controller, Delete, Get, Headers, Param, PipeTransform, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Actor, ReportesErrors, ReportesPatterns, Services, TareaDto, TareasPage } from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { responderConEtag } from '../common/etag';
import { ListarTareasQuery, TareaSchema, TareasPageSchema } from '../reportes/reportes.dto';

import { EsquemaDeRuta } from '../common/respuestas-openapi';

const TAREA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A task id is UUID-shaped: anything else names no task (same 404 as an unknown one). */
export const tareaIdPipe: PipeTransform<string, string> & EsquemaDeRuta = {
  esquema: { type: 'string', format: 'uuid' },
  transform(value: string) {
    if (!TAREA_ID.test(value)) throw notFound(ReportesErrors.TAREA_NOT_FOUND, 'Tarea no encontrada');
    return value;
  },
};

/** Background tasks (reports): follow one, list mine, cancel. Others' tasks answer 404. */
@ApiTags('tareas')
@ApiBearerAuth()
@Controller('tareas')
export class TareasController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'My tasks, newest first, keyset-paginated' })
  @ApiOkResponse({ type: TareasPageSchema })
  @ApiProblems(400, 401, 504)
  listar(@CurrentActor() actor: Actor, @Query() query: ListarTareasQuery): Promise<TareasPage> {
    return this.bus.send(Services.REPORTES, ReportesPatterns.LISTAR_TAREAS, {
      actor,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A task: state (waiting, active, completed, failed, cancelled), progress, attempts. Poll with If-None-Match',
  })
  @ApiOkResponse({ type: TareaSchema })
  @ApiNotModifiedResponse({ description: 'Unchanged since the ETag sent' })
  @ApiProblems(401, 404, 504)
  async obtener(
    @CurrentActor() actor: Actor,
    @Param('id', tareaIdPipe) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await responderConEtag(
      reply,
      await this.bus.send<TareaDto>(Services.REPORTES, ReportesPatterns.OBTENER_TAREA, { actor, id }),
      ifNoneMatch,
    );
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Cancel: a waiting task is removed, an active one stops at its next checkpoint and leaves no file',
  })
  @ApiOkResponse({ type: TareaSchema })
  @ApiProblems(401, 403, 404, 409, 504)
  cancelar(@CurrentActor() actor: Actor, @Param('id', tareaIdPipe) id: string): Promise<TareaDto> {
    return this.bus.send(Services.REPORTES, ReportesPatterns.CANCELAR_TAREA, { actor, id });
  }
}
