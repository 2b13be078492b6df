import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import {
  Actor,
  DocumentosPatterns,
  EntidadPideDto,
  MAX_DLQ,
  PideDlqItem,
  PideErrors,
  PidePatterns,
  Rol,
  Services,
  TipoPideDto,
  TramitePideDto,
} from '@mesa/shared/contracts';
import { badRequest, ErrorCodes, notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { idEnteroPipe } from '../common/enteros';
import { ApiProblems } from '../common/problem.schema';
import { documentoIdPipe } from '../documentos/documento-id.pipe';
import {
  EntidadPideDto as EntidadBody,
  EntidadPideSchema,
  RecepcionFormalDto,
  ReintentarPideDto,
  TipoPideDto as TipoBody,
  TipoPideSchema,
  TramitePideSchema,
} from './pide.dto';

const CUO = /^[0-9A-Za-z-]{1,20}$/;
const RUC = /^\d{11}$/;
const JOB = /^pide-(envio|cargo)\/[0-9a-f-]{36}(\/[EPRO])?$/;
const tipoIdPipe = idEnteroPipe(() => notFound(PideErrors.PIDE_TIPO_NOT_FOUND, 'El tipo no tiene código IMGD'));

class PideDlqItemSchema {
  @ApiProperty({ enum: ['pide_envio', 'pide_cargo'] }) cola: string;
  @ApiProperty({ maxLength: 100 }) jobId: string;
  @ApiProperty({ format: 'uuid' }) tramiteId: string;
  @ApiProperty({ type: String, nullable: true, maxLength: 20 }) cuo: string | null;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1000 }) intentos: number;
  @ApiProperty({ maxLength: 200 }) motivo: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) fallidoEn: string | null;
}

/**
 * The desk's side of PIDE exchanges (formal reception, a document's exchanges) and the
 * administration: the entities' catalogue, the ccodtipdoc mapping (both audited) and the
 * dead-letter set of sends and cargos, with replay.
 */
@ApiTags('pide')
@ApiBearerAuth()
@Controller()
export class PideController {
  constructor(private readonly bus: BusClient) {}

  @Post('pide/tramites/:cuo/recepcion')
  @Roles(Rol.MESA_PARTES, Rol.ADMIN)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Formal reception of a document received through PIDE: R, or O with an observation; the cargo goes back to the sender',
  })
  @ApiOkResponse({ type: TramitePideSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  recepcion(
    @CurrentActor() actor: Actor,
    @Param('cuo') cuo: string,
    @Body() body: RecepcionFormalDto,
  ): Promise<TramitePideDto> {
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

  @Get('pide/entidades')
  @Roles(Rol.ADMIN)
  @ApiOperation({ summary: 'Entities we exchange with through PIDE (RUC, name, endpoint)' })
  @ApiOkResponse({ type: [EntidadPideSchema] })
  @ApiProblems(401, 403, 504)
  entidades(): Promise<EntidadPideDto[]> {
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.ENTIDADES_LISTAR, {});
  }

  @Put('pide/entidades/:ruc')
  @Roles(Rol.ADMIN)
  @ApiOperation({ summary: 'Create or update an entity by RUC (audited)' })
  @ApiOkResponse({ type: EntidadPideSchema })
  @ApiProblems(400, 401, 403, 504)
  guardarEntidad(
    @CurrentActor() actor: Actor,
    @Param('ruc') ruc: string,
    @Body() body: EntidadBody,
  ): Promise<EntidadPideDto> {
    if (!RUC.test(ruc) || ruc !== body.ruc)
      throw badRequest(ErrorCodes.VALIDATION_FAILED, 'El RUC de la ruta y el del cuerpo deben coincidir', [
        { field: 'ruc', message: 'distinto del de la ruta' },
      ]);
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.ENTIDAD_GUARDAR, { actor, entidad: body });
  }

  @Delete('pide/entidades/:ruc')
  @Roles(Rol.ADMIN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an entity without exchanges (one with exchanges is deactivated instead: 409)' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 409, 504)
  async eliminarEntidad(@CurrentActor() actor: Actor, @Param('ruc') ruc: string): Promise<void> {
    if (!RUC.test(ruc)) throw notFound(PideErrors.PIDE_ENTIDAD_NOT_FOUND, 'Entidad PIDE no registrada');
    await this.bus.send(Services.INTEGRACIONES, PidePatterns.ENTIDAD_ELIMINAR, { actor, ruc });
  }

  @Get('pide/tipos-documento')
  @Roles(Rol.ADMIN)
  @ApiOperation({ summary: 'Our document types and their IMGD ccodtipdoc codes' })
  @ApiOkResponse({ type: [TipoPideSchema] })
  @ApiProblems(401, 403, 504)
  tipos(): Promise<TipoPideDto[]> {
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.TIPOS_LISTAR, {});
  }

  @Put('pide/tipos-documento/:tipoDocumentoId')
  @Roles(Rol.ADMIN)
  @ApiOperation({ summary: 'Map one of our document types to a ccodtipdoc (each code to one type; audited)' })
  @ApiOkResponse({ type: TipoPideSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  guardarTipo(
    @CurrentActor() actor: Actor,
    @Param('tipoDocumentoId', tipoIdPipe) tipoDocumentoId: number,
    @Body() body: TipoBody,
  ): Promise<TipoPideDto> {
    if (body.tipoDocumentoId !== tipoDocumentoId)
      throw badRequest(ErrorCodes.VALIDATION_FAILED, 'El tipo de la ruta y el del cuerpo deben coincidir', [
        { field: 'tipoDocumentoId', message: 'distinto del de la ruta' },
      ]);
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.TIPO_GUARDAR, { actor, tipo: body });
  }

  @Delete('pide/tipos-documento/:tipoDocumentoId')
  @Roles(Rol.ADMIN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the ccodtipdoc of one of our document types (audited)' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 504)
  async eliminarTipo(
    @CurrentActor() actor: Actor,
    @Param('tipoDocumentoId', tipoIdPipe) tipoDocumentoId: number,
  ): Promise<void> {
    await this.bus.send(Services.INTEGRACIONES, PidePatterns.TIPO_ELIMINAR, { actor, tipoDocumentoId });
  }

  @Get('pide/dlq')
  @Roles(Rol.ADMIN, Rol.SRE)
  @ApiOperation({ summary: 'PIDE sends and cargos that failed for good (dead-letter set)' })
  @ApiExtraModels(PideDlqItemSchema)
  @ApiOkResponse({
    schema: { type: 'array', maxItems: 2 * MAX_DLQ, items: { $ref: getSchemaPath(PideDlqItemSchema) } },
  })
  @ApiProblems(401, 403, 504)
  dlq(): Promise<PideDlqItem[]> {
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.DLQ_LISTAR, {});
  }

  @Post('pide/dlq/reintentar')
  @Roles(Rol.ADMIN)
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay a dead-lettered PIDE job with a fresh set of attempts (job id as listed)' })
  @ApiOkResponse({ type: PideDlqItemSchema })
  @ApiProblems(401, 403, 404, 409, 504)
  reintentar(@Body() { jobId }: ReintentarPideDto): Promise<PideDlqItem> {
    if (!JOB.test(jobId)) throw notFound(PideErrors.PIDE_TRABAJO_NOT_FOUND, 'Trabajo no encontrado');
    return this.bus.send(Services.INTEGRACIONES, PidePatterns.DLQ_REINTENTAR, { jobId });
  }
}
