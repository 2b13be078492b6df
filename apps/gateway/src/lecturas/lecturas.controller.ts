import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import { Actor, LecturasPage, LecturasPatterns, RecursosLeidos, Rol, Services, MAX_PAGE_SIZE } from '@mesa/shared/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { documentoIdPipe } from '../documentos/documento-id.pipe';
import { HistorialQuery } from '../tramite/tramite.dto';

class LecturaSchema {
  @ApiProperty({ pattern: '^[0-9]{1,19}$', maxLength: 19 }) id: string;
  @ApiProperty({ format: 'uuid' }) usuarioId: string;
  @ApiProperty({ enum: RecursosLeidos }) recurso: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) archivoId: string | null;
  @ApiProperty({ maxLength: 45, nullable: true, type: String }) ip: string | null;
  @ApiProperty({ format: 'date-time' }) leidoEn: string;
}

class LecturasPageSchema {
  @ApiProperty({ type: [LecturaSchema], maxItems: MAX_PAGE_SIZE }) items: LecturaSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}

/** Who read a document (Ley 29733), for ADMIN and AUDITOR. Reads are written within moments, in batches. */
@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class LecturasController {
  constructor(private readonly bus: BusClient) {}

  @Get(':id/lecturas')
  @Roles(Rol.ADMIN, Rol.AUDITOR)
  @ApiOperation({ summary: 'Who read the document, what and when, newest first, keyset-paginated' })
  @ApiOkResponse({ type: LecturasPageSchema })
  @ApiProblems(400, 401, 403, 404, 504)
  listar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) documentoId: string,
    @Query() query: HistorialQuery,
  ): Promise<LecturasPage> {
    return this.bus.send(Services.DOCUMENTOS, LecturasPatterns.LISTAR, { actor, documentoId, ...query });
  }
}
