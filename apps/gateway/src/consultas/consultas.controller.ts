import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import {
  Actor,
  DocumentoDto,
  DocumentosConsultasPatterns,
  DocumentosPage,
  DocumentosVencidosPage,
  EstadisticasDto,
  Services,
} from '@mesa/shared/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { BuscarDocumentosQuery, DocumentosVencidosPageSchema, EstadisticasQuery, EstadisticasSchema, VencidosQuery } from './consultas.dto';
import { DocumentoSchema, DocumentosPageSchema } from '../documentos/documentos.dto';

/**
 * Read-only views of the documents. Static paths (`buscar`, `estadisticas`, `vencidos`) win
 * over `documentos/:id` in the router whatever the registration order.
 */
@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class ConsultasController {
  constructor(private readonly bus: BusClient) {}

  @Get('buscar')
  @ApiOperation({ summary: 'Search: full text (accents folded, ranked) or part of a case number or sender name' })
  @ApiOkResponse({ type: DocumentosPageSchema })
  @ApiProblems(400, 401, 504)
  buscar(@CurrentActor() actor: Actor, @Query() query: BuscarDocumentosQuery): Promise<DocumentosPage> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosConsultasPatterns.BUSCAR, { actor, ...query });
  }

  @Get('estadisticas')
  @ApiOperation({ summary: 'Totals by estado, prioridad, office, type and day over a date range; overdue and due soon' })
  @ApiOkResponse({ type: EstadisticasSchema })
  @ApiProblems(400, 401, 504)
  estadisticas(@CurrentActor() actor: Actor, @Query() query: EstadisticasQuery): Promise<EstadisticasDto> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosConsultasPatterns.ESTADISTICAS, { actor, ...query });
  }

  @Get('vencidos')
  @ApiOperation({ summary: 'Overdue and due-soon open documents, most overdue first, with business days' })
  @ApiOkResponse({ type: DocumentosVencidosPageSchema })
  @ApiProblems(400, 401, 504)
  vencidos(@CurrentActor() actor: Actor, @Query() query: VencidosQuery): Promise<DocumentosVencidosPage> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosConsultasPatterns.VENCIDOS, { actor, ...query });
  }

  @Get('expediente/:numeroExpediente')
  @ApiOperation({ summary: 'One case by its number EXP-YYYY-NNNNNN (AREA users: only if it is in their office)' })
  @ApiOkResponse({ type: DocumentoSchema })
  @ApiProblems(400, 401, 404, 504)
  porExpediente(@CurrentActor() actor: Actor, @Param('numeroExpediente') numeroExpediente: string): Promise<DocumentoDto> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosConsultasPatterns.POR_EXPEDIENTE, { actor, numeroExpediente });
  }
}
