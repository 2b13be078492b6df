import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import { Actor, DocumentosTramitePatterns, DocumentoTramiteDto, HistorialPage, Rol, Services } from '@mesa/shared/contracts';
import { badRequest, ErrorCodes } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems, ProblemDetails } from '../common/problem.schema';
import { documentoIdPipe } from '../documentos/documento-id.pipe';
import { LecturasAuditoria } from '../lecturas/lecturas.auditoria';
import { DocumentoTramiteSchema, EditarDocumentoDto, HistorialPageSchema, HistorialQuery, ObservarDocumentoDto } from './tramite.dto';

const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;

/** `If-Match: "7"` (the version as the ETag); `*` or no header means "whatever it is now". */
export function versionDeIfMatch(header: string | undefined): number | undefined {
  const valor = header?.trim();
  if (!valor || valor === '*') return undefined;
  const m = IF_MATCH.exec(valor);
  if (!m) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'If-Match debe ser la versión del documento, p. ej. "3"', [
    { field: 'If-Match', message: 'no es una versión' },
  ]);
  return Number(m[1]);
}

const ApiIfMatch = () => ApiHeader({ name: 'If-Match', required: false, description: 'The version (ETag) the change is based on' });
const ApiPreconditionFailed = () =>
  ApiResponse({ status: 412, description: 'If-Match names an older version (code VERSION_DESACTUALIZADA)', type: ProblemDetails });

/**
 * Changes after registration and the state actions. AREA users act only on documents in their
 * office (others answer 404); AUDITOR and SRE read. Every answer carries the new version as ETag.
 */
@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class TramiteController {
  constructor(
    private readonly bus: BusClient,
    private readonly lecturas: LecturasAuditoria,
  ) {}

  @Patch(':id')
  @Roles(Rol.MESA_PARTES, Rol.ADMIN, Rol.AREA)
  @ApiOperation({ summary: 'Correct what the desk may edit (never the state, office or numbers)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: DocumentoTramiteSchema })
  @ApiPreconditionFailed()
  @ApiProblems(400, 401, 403, 404, 409, 504)
  async editar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) id: string,
    @Body() body: EditarDocumentoDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentoTramiteDto> {
    const versionEsperada = versionDeIfMatch(ifMatch);
    return etiquetar(reply, await this.bus.send(Services.DOCUMENTOS, DocumentosTramitePatterns.EDITAR, { actor, id, cambios: body, versionEsperada }));
  }

  @Post(':id/observar')
  @HttpCode(200)
  @Roles(Rol.MESA_PARTES, Rol.ADMIN, Rol.AREA)
  @ApiOperation({ summary: 'Record every observation at once: OBSERVADO, term paused, 2 business days to correct' })
  @ApiIfMatch()
  @ApiOkResponse({ type: DocumentoTramiteSchema })
  @ApiPreconditionFailed()
  @ApiProblems(400, 401, 403, 404, 409, 504)
  async observar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) id: string,
    @Body() body: ObservarDocumentoDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentoTramiteDto> {
    const versionEsperada = versionDeIfMatch(ifMatch);
    return etiquetar(
      reply,
      await this.bus.send(Services.DOCUMENTOS, DocumentosTramitePatterns.OBSERVAR, { actor, id, observaciones: body.observaciones, versionEsperada }),
    );
  }

  @Post(':id/subsanar')
  @HttpCode(200)
  @Roles(Rol.MESA_PARTES, Rol.ADMIN, Rol.AREA)
  @ApiOperation({ summary: 'The sender corrected: back to the previous state, the deadline pushed by the paused business days' })
  @ApiIfMatch()
  @ApiOkResponse({ type: DocumentoTramiteSchema })
  @ApiPreconditionFailed()
  @ApiProblems(400, 401, 403, 404, 409, 504)
  subsanar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentoTramiteDto> {
    return this.accion(DocumentosTramitePatterns.SUBSANAR, actor, id, ifMatch, reply);
  }

  @Post(':id/archivar')
  @HttpCode(200)
  @Roles(Rol.MESA_PARTES, Rol.ADMIN, Rol.AREA)
  @ApiOperation({ summary: 'Archive an ATENDIDO document (any other state: 409 DOCUMENTO_NO_ATENDIDO or the state’s code)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: DocumentoTramiteSchema })
  @ApiPreconditionFailed()
  @ApiProblems(400, 401, 403, 404, 409, 504)
  archivar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentoTramiteDto> {
    return this.accion(DocumentosTramitePatterns.ARCHIVAR, actor, id, ifMatch, reply);
  }

  @Get(':id/historial')
  @ApiOperation({ summary: 'Dated history from the append-only audit log, oldest first, keyset-paginated' })
  @ApiOkResponse({ type: HistorialPageSchema })
  @ApiProblems(400, 401, 404, 504)
  async historial(@CurrentActor() actor: Actor, @Param('id', documentoIdPipe) id: string, @Query() query: HistorialQuery): Promise<HistorialPage> {
    const page = await this.bus.send<HistorialPage>(Services.DOCUMENTOS, DocumentosTramitePatterns.HISTORIAL, { actor, id, ...query });
    this.lecturas.registrar(actor, id, 'HISTORIAL');
    return page;
  }

  private async accion(pattern: string, actor: Actor, id: string, ifMatch: string | undefined, reply: FastifyReply) {
    const versionEsperada = versionDeIfMatch(ifMatch);
    return etiquetar(reply, await this.bus.send<DocumentoTramiteDto>(Services.DOCUMENTOS, pattern, { actor, id, versionEsperada }));
  }
}

function etiquetar(reply: FastifyReply, doc: DocumentoTramiteDto): DocumentoTramiteDto {
  reply.header('etag', `"${doc.version}"`);
  return doc;
}
