import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import {
  Actor,
  ClaveIdempotencia,
  DocumentoDetalleDto,
  DocumentoDto,
  DocumentosErrors,
  DocumentosPage,
  DocumentosPatterns,
  Rol,
  Services,
} from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { Clave, Idempotente } from '../idempotencia';
import { ETAG_LENGTH, responderConEtag } from '../common/etag';
import { LecturasAuditoria } from './lecturas.auditoria';
import {
  DocumentoDetalleSchema,
  DocumentoRegistradoSchema,
  DocumentosPageSchema,
  ListarDocumentosQuery,
  RegistrarDocumentoDto,
} from './documentos.dto';

/**
 * An id that is not a UUID cannot exist: same 404 as an unknown one. Any version: the app
 * registers v4 ids, the bulk seed time-ordered v7 ones.
 */
export const documentoIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado'),
});

@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class DocumentosController {
  constructor(
    private readonly bus: BusClient,
    private readonly lecturas: LecturasAuditoria,
  ) {}

  @Post()
  @Roles(Rol.MESA_PARTES, Rol.ADMIN)
  @Idempotente()
  @ApiOperation({ summary: 'Register a document as a new case (EXP-YYYY-NNNNNN)' })
  @ApiCreatedResponse({ type: DocumentoRegistradoSchema })
  @ApiProblems(400, 401, 403, 422, 504)
  registrar(
    @CurrentActor() actor: Actor,
    @Body() body: RegistrarDocumentoDto,
    @Clave() idempotencia?: ClaveIdempotencia,
  ): Promise<DocumentoDto> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.REGISTRAR, { actor, documento: body, idempotencia });
  }

  @Get()
  @ApiOperation({ summary: 'List documents, newest first, keyset-paginated' })
  @ApiOkResponse({ type: DocumentosPageSchema })
  @ApiProblems(400, 401, 504)
  listar(@CurrentActor() actor: Actor, @Query() query: ListarDocumentosQuery): Promise<DocumentosPage> {
    return this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.LISTAR, { actor, filtros: query });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One document (AREA users: only if it is in their office); ETag for polling' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: DocumentoDetalleSchema, headers: { ETag: { description: 'Validator of this representation', schema: { type: 'string', minLength: ETAG_LENGTH, maxLength: ETAG_LENGTH } } } })
  @ApiNotModifiedResponse({ description: 'Unchanged since the given ETag' })
  @ApiProblems(401, 404, 504)
  async obtener(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.bus.send<DocumentoDetalleDto>(Services.DOCUMENTOS, DocumentosPatterns.DETALLE, { actor, id });
    // A 304 is a read too: the person is looking at the document.
    this.lecturas.registrar(actor, id, 'DETALLE');
    await responderConEtag(reply, doc, ifNoneMatch);
  }
}
