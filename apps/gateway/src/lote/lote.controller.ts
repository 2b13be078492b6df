import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import { Actor, ClaveIdempotencia, DocumentosLotePatterns, PorIdsReply, RegistrarLoteReply, Rol, Services } from '@mesa/shared/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { Clave, Idempotente } from '../idempotencia';
import { DocumentosSchema, LoteRegistradoSchema, PorIdsDto, RegistrarLoteDto } from './lote.dto';

@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class LoteController {
  constructor(private readonly bus: BusClient) {}

  @Post('lote')
  @Roles(Rol.MESA_PARTES, Rol.ADMIN)
  @Idempotente()
  @ApiOperation({
    summary: 'Register up to 500 documents in one transaction, with consecutive case numbers',
    description: 'All or nothing. A known (origenExterno, idExterno) answers its existing case in that position.',
  })
  @ApiCreatedResponse({ type: LoteRegistradoSchema })
  @ApiProblems(400, 401, 403, 422, 504)
  registrar(
    @CurrentActor() actor: Actor,
    @Body() body: RegistrarLoteDto,
    @Clave() idempotencia?: ClaveIdempotencia,
  ): Promise<RegistrarLoteReply> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosLotePatterns.REGISTRAR_LOTE, {
      actor,
      documentos: body.documentos,
      idempotencia,
    });
  }

  @Post('por-ids')
  @HttpCode(200)
  @ApiOperation({ summary: 'Up to 500 documents by id, in the order asked; unknown or out-of-scope ids are absent' })
  @ApiOkResponse({ type: DocumentosSchema })
  @ApiProblems(400, 401, 504)
  porIds(@CurrentActor() actor: Actor, @Body() body: PorIdsDto): Promise<PorIdsReply> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosLotePatterns.POR_IDS, { actor, ids: body.ids });
  }
}
