import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import { Actor, DocumentosTramiteErrors, DocumentosTramitePatterns, FeriadoDto, FeriadosPage, Rol, Services } from '@mesa/shared/contracts';
import { anioLima } from '@mesa/shared/domain';
import { notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { CrearFeriadoDto, FECHA, FeriadoSchema, FeriadosPageSchema, ListarFeriadosQuery } from './feriados.dto';

/** The holiday table behind business-day terms: anyone signed in reads it, ADMIN maintains it. */
@ApiTags('feriados')
@ApiBearerAuth()
@Controller('feriados')
export class FeriadosController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: "A year's holidays and exceptional working days, by date" })
  @ApiOkResponse({ type: FeriadosPageSchema })
  @ApiProblems(400, 401, 504)
  listar(@Query() query: ListarFeriadosQuery): Promise<FeriadosPage> {
    const anio = query.anio ?? anioLima(new Date());
    return this.bus.send(Services.DOCUMENTOS, DocumentosTramitePatterns.FERIADOS_LISTAR, { anio, limit: query.limit, cursor: query.cursor });
  }

  @Post()
  @Roles(Rol.ADMIN)
  @ApiOperation({ summary: 'Add a holiday (terms computed from now on count it)' })
  @ApiCreatedResponse({ type: FeriadoSchema })
  @ApiProblems(400, 401, 403, 409, 504)
  crear(@CurrentActor() actor: Actor, @Body() body: CrearFeriadoDto): Promise<FeriadoDto> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosTramitePatterns.FERIADOS_CREAR, { actor, feriado: body });
  }

  @Delete(':fecha')
  @HttpCode(204)
  @Roles(Rol.ADMIN)
  @ApiOperation({ summary: 'Remove the entry of a date' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 504)
  async eliminar(@CurrentActor() actor: Actor, @Param('fecha') fecha: string): Promise<void> {
    // A string that is no date names no entry.
    if (!FECHA.test(fecha)) throw notFound(DocumentosTramiteErrors.FERIADO_NOT_FOUND, `No hay feriado el ${fecha}`);
    await this.bus.send(Services.DOCUMENTOS, DocumentosTramitePatterns.FERIADOS_ELIMINAR, { actor, fecha });
  }
}
