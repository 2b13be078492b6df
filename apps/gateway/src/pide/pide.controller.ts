import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import { Actor, DocumentosPatterns, PideErrors, PidePatterns, Rol, Services, TramitePideDto } from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { documentoIdPipe } from '../documentos/documentos.controller';
import { RecepcionFormalDto, TramitePideSchema } from './pide.dto';

const CUO = /^[0-9A-Za-z-]{1,20}$/;

/** The desk's side of PIDE exchanges: formal reception and a document's exchanges. */
@ApiTags('pide')
@ApiBearerAuth()
@Controller()
export class PideController {
  constructor(private readonly bus: BusClient) {}

  @Post('pide/tramites/:cuo/recepcion')
  @Roles(Rol.MESA_PARTES, Rol.ADMIN)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Formal reception of a document received through PIDE: R, or O with an observation; the cargo goes back to the sender',
  })
  @ApiOkResponse({ type: TramitePideSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  recepcion(@CurrentActor() actor: Actor, @Param('cuo') cuo: string, @Body() body: RecepcionFormalDto): Promise<TramitePideDto> {
    if (!CUO.test(cuo)) throw notFound(PideErrors.PIDE_TRAMITE_NOT_FOUND, 'Trámite PIDE no encontrado');
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.RECEPCION_FORMAL, { actor, cuo, ...body });
  }

  @Get('documentos/:id/pide')
  @Roles(Rol.MESA_PARTES, Rol.ADMIN, Rol.AUDITOR, Rol.AREA)
  @ApiOperation({ summary: "The document's PIDE exchanges, both ways, with their state and cargo" })
  @ApiOkResponse({ type: [TramitePideSchema] })
  @ApiProblems(401, 403, 404, 504)
  async deDocumento(@CurrentActor() actor: Actor, @Param('id', documentoIdPipe) id: string): Promise<TramitePideDto[]> {
    // Whoever may read the document may read its exchanges: documentos-service answers 404 otherwise.
    await this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.OBTENER, { actor, id });
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.DE_DOCUMENTO, { documentoId: id });
  }
}
