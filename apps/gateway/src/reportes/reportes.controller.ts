import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import { Actor, ClaveIdempotencia, DescargaReporteReply, ReportesErrors, ReportesPatterns, Rol, Services, SolicitarReporteReply } from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';
import { Storage, StorageNotFound } from '@mesa/shared/storage';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { Clave, Idempotente } from '../idempotencia';
import { tareaIdPipe } from '../tareas/tareas.controller';
import { SolicitarReporteDto, TareaAceptadaSchema } from './reportes.dto';

/**
 * Reports are tasks: a request is queued at reportes-worker and answered 202 with the task to
 * follow; the file is streamed from Storage once the task completed. reportes-worker decides
 * who may download (the requester, ADMIN, AUDITOR; anyone else gets 404).
 */
@ApiTags('reportes')
@ApiBearerAuth()
@Controller('reportes')
export class ReportesController {
  constructor(
    private readonly bus: BusClient,
    private readonly storage: Storage,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles(Rol.ADMIN, Rol.MESA_PARTES, Rol.AREA, Rol.AUDITOR)
  @Idempotente()
  @ApiOperation({
    summary: 'Queue a report (xlsx, pdf or csv); follow it at the Location. The same request within 10 minutes answers the same task',
  })
  @ApiAcceptedResponse({ type: TareaAceptadaSchema, headers: { location: { description: 'The task: /api/v1/tareas/{id}', schema: { type: 'string', format: 'uri-reference', maxLength: '/api/v1/tareas/'.length + 36 } } } })
  @ApiProblems(400, 401, 403, 504)
  async solicitar(
    @CurrentActor() actor: Actor,
    @Body() body: SolicitarReporteDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Clave() idempotencia?: ClaveIdempotencia,
  ): Promise<TareaAceptadaSchema> {
    const r = await this.bus.send<SolicitarReporteReply>(Services.REPORTES, ReportesPatterns.SOLICITAR, {
      actor,
      tipo: body.tipo,
      formato: body.formato,
      filtros: { ...(body.filtros ?? {}) },
      idempotencia,
    });
    void reply.header('location', `/api/v1/tareas/${r.id}`);
    return { id: r.id, estado: r.estado };
  }

  @Get(':id/descarga')
  @ApiOperation({ summary: "The report's file (requester, ADMIN or AUDITOR)" })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf', 'text/csv')
  @ApiOkResponse({
    description: 'The file',
    schema: { type: 'string', format: 'binary' },
    headers: { 'Content-Disposition': { description: 'attachment; filename="reporte-<tipo>-<fecha>.<formato>"', schema: { type: 'string', maxLength: 200 } } },
  })
  @ApiProblems(401, 404, 409, 504)
  async descarga(@CurrentActor() actor: Actor, @Param('id', tareaIdPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const d = await this.bus.send<DescargaReporteReply>(Services.REPORTES, ReportesPatterns.DESCARGA, { actor, id });
    let archivo;
    try {
      archivo = await this.storage.get(d.storageKey);
    } catch (err) {
      // Deleted by the expiry cleanup between the two calls.
      if (err instanceof StorageNotFound) throw notFound(ReportesErrors.REPORTE_EXPIRADO, 'El archivo del reporte expiró; solicítalo de nuevo');
      throw err;
    }
    await reply
      .header('content-type', d.contentType)
      .header('content-disposition', `attachment; filename="${d.nombreArchivo}"`)
      .header('content-length', String(d.tamano))
      .header('cache-control', 'private, no-store')
      .send(archivo);
  }
}
