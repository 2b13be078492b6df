import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
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
import { assertPuedeVerArea, Roles } from '@mesa/shared/auth';
import { CacheService } from '@mesa/shared/cache';
import {
  Actor,
  ClaveIdempotencia,
  DOCUMENTO_DETALLE_CACHE,
  DOCUMENTO_FIRMAS_CACHE,
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
import { LecturasAuditoria } from '../lecturas/lecturas.auditoria';
import { documentoIdPipe } from './documento-id.pipe';
import {
  DocumentoDetalleSchema,
  DocumentoRegistradoSchema,
  DocumentosPageSchema,
  ListarDocumentosQuery,
  RegistrarDocumentoDto,
} from './documentos.dto';

@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class DocumentosController {
  constructor(
    private readonly bus: BusClient,
    private readonly lecturas: LecturasAuditoria,
    private readonly cache: CacheService,
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
    const doc = await this.detalle(actor, id);
    // A 304 is a read too: the person is looking at the document.
    this.lecturas.registrar(actor, id, 'DETALLE');
    await responderConEtag(reply, doc, ifNoneMatch);
  }

  /**
   * documentos-service's cached detail and signature summary when it has both (the entries it
   * would answer with, scoped to the caller's office the same way), else documentos-service over
   * the bus.
   */
  private async detalle(actor: Actor, id: string): Promise<DocumentoDetalleDto> {
    const [doc, firmas] = await Promise.all([
      this.cache.peek<DocumentoDto | null>(DOCUMENTO_DETALLE_CACHE, id),
      this.cache.peek<DocumentoDetalleDto['firmas']>(DOCUMENTO_FIRMAS_CACHE, id),
    ]);
    if (doc === null) throw notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado');
    if (doc === undefined || firmas === undefined)
      return this.bus.send<DocumentoDetalleDto>(Services.DOCUMENTOS, DocumentosPatterns.DETALLE, { actor, id });
    assertPuedeVerArea(actor, doc.areaActualId, DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento');
    return { ...doc, firmas };
  }
}
