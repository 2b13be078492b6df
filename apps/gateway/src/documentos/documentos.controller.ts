import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import { Actor, DocumentoDto, DocumentosErrors, DocumentosPage, DocumentosPatterns, Rol, Services } from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { Idempotente } from '../idempotencia';
import { DocumentoRegistradoSchema, DocumentoSchema, DocumentosPageSchema, ListarDocumentosQuery, RegistrarDocumentoDto } from './documentos.dto';

/** An id that is not a UUID cannot exist: same 404 as an unknown one. */
export const documentoIdPipe = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado'),
});

@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class DocumentosController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @Roles(Rol.MESA_PARTES, Rol.ADMIN)
  @Idempotente()
  @ApiOperation({ summary: 'Register a document as a new case (EXP-YYYY-NNNNNN)' })
  @ApiCreatedResponse({ type: DocumentoRegistradoSchema })
  @ApiProblems(400, 401, 403, 422, 504)
  registrar(@CurrentActor() actor: Actor, @Body() body: RegistrarDocumentoDto): Promise<DocumentoDto> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.REGISTRAR, { actor, documento: body });
  }

  @Get()
  @ApiOperation({ summary: 'List documents, newest first, keyset-paginated' })
  @ApiOkResponse({ type: DocumentosPageSchema })
  @ApiProblems(400, 401, 504)
  listar(@CurrentActor() actor: Actor, @Query() query: ListarDocumentosQuery): Promise<DocumentosPage> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.LISTAR, { actor, filtros: query });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One document (AREA users: only if it is in their office)' })
  @ApiOkResponse({ type: DocumentoSchema })
  @ApiProblems(401, 404, 504)
  obtener(@CurrentActor() actor: Actor, @Param('id', documentoIdPipe) id: string): Promise<DocumentoDto> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.OBTENER, { actor, id });
  }
}
