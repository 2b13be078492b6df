import { Body, Controller, Get, HttpCode, Logger, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import {
  AccionDerivacionRequest,
  Actor,
  ClaveIdempotencia,
  DerivacionAccionDto,
  DerivacionCreadaDto,
  DerivacionesErrors,
  DerivacionesPage,
  DerivacionesPatterns,
  DerivacionMasivaDto,
  EstadisticasAreaDto,
  HojaDeRutaDto,
  PidePatterns,
  Rol,
  Services,
  TramitePideDto,
} from '@mesa/shared/contracts';
import { badRequest, ErrorCodes, notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { idEnteroPipe } from '../common/enteros';
import { ApiProblems } from '../common/problem.schema';
import { documentoIdPipe } from '../documentos/documento-id.pipe';
import { Clave, Idempotente } from '../idempotencia';
import { TramitePideSchema } from '../pide/pide.dto';
import {
  AtenderDto,
  BandejaQuery,
  DerivacionAccionSchema,
  DerivacionCreadaSchema,
  DerivacionesPageSchema,
  DerivacionMasivaSchema,
  DerivarDto,
  DerivarMasivaDto,
  DevolverDto,
  EstadisticasAreaSchema,
  HojaDeRutaSchema,
  PaginaQuery,
  ReasignarDto,
  RechazarDto,
} from './derivaciones.dto';

/** An id that is not a UUID cannot exist: same 404 as an unknown one. */
const derivacionIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => notFound(DerivacionesErrors.DERIVACION_NOT_FOUND, 'Derivación no encontrada'),
});

/** An office id outside int4 cannot exist: the 404 an office the caller may not see gets. */
const areaIdPipe = idEnteroPipe(() => notFound('AREA_NOT_FOUND', 'Área no encontrada'));

const QUIENES_DERIVAN = [Rol.MESA_PARTES, Rol.ADMIN, Rol.AREA] as const;

/**
 * Routing between offices, the actions on a derivation and the trays. AREA users act only on
 * derivations addressed to their office (others answer 404); AUDITOR reads; a refused action
 * answers 409 with a stable code and changes nothing.
 */
@ApiTags('derivaciones')
@ApiBearerAuth()
@Controller('derivaciones')
export class DerivacionesController {
  private readonly log = new Logger(DerivacionesController.name);

  constructor(private readonly bus: BusClient) {}

  @Post()
  @Roles(...QUIENES_DERIVAN)
  @Idempotente()
  @ApiOperation({
    summary: 'Route a document from its current office to another (DER-YYYYMM-NNNNNN), with optional copies',
  })
  @ApiCreatedResponse({ type: DerivacionCreadaSchema })
  @ApiAcceptedResponse({ type: TramitePideSchema, description: 'Routed to another entity (entidadRuc): queued for PIDE' })
  @ApiProblems(400, 401, 403, 404, 409, 422, 504)
  derivar(
    @CurrentActor() actor: Actor,
    @Body() body: DerivarDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Clave() idempotencia?: ClaveIdempotencia,
  ): Promise<DerivacionCreadaDto | TramitePideDto> {
    if (body.entidadRuc !== undefined) {
      if (body.areaDestinoId !== undefined || body.copias?.length)
        throw badRequest(ErrorCodes.VALIDATION_FAILED, 'Derive a un área o a una entidad, no a ambas', [
          { field: 'entidadRuc', message: 'no se combina con areaDestinoId ni copias' },
        ]);
      void reply.status(202);
      return this.bus.send(Services.INTEGRACIONES, PidePatterns.ENVIAR, {
        actor,
        documentoId: body.documentoId,
        entidadRuc: body.entidadRuc,
        instrucciones: body.instrucciones,
      });
    }
    return this.bus.send(Services.DERIVACIONES, DerivacionesPatterns.DERIVAR, { actor, derivacion: body, idempotencia });
  }

  @Post('masiva')
  @Roles(...QUIENES_DERIVAN)
  @Idempotente()
  @ApiOperation({ summary: 'Route up to 200 documents to one office with one instruction, in one transaction' })
  @ApiCreatedResponse({ type: DerivacionMasivaSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  derivarMasiva(
    @CurrentActor() actor: Actor,
    @Body() body: DerivarMasivaDto,
    @Clave() idempotencia?: ClaveIdempotencia,
  ): Promise<DerivacionMasivaDto> {
    return this.bus.send(Services.DERIVACIONES, DerivacionesPatterns.DERIVAR_MASIVA, { actor, lote: body, idempotencia });
  }

  @Get('bandeja')
  @ApiOperation({
    summary: "An office's tray, keyset-paginated: newest first, or earliest deadline first (orden=vencimiento)",
  })
  @ApiOkResponse({ type: DerivacionesPageSchema })
  @ApiProblems(400, 401, 504)
  bandeja(@CurrentActor() actor: Actor, @Query() query: BandejaQuery): Promise<DerivacionesPage> {
    return this.bus.send(Services.DERIVACIONES, DerivacionesPatterns.BANDEJA, { actor, filtros: query });
  }

  @Get('pendientes/usuario')
  @ApiOperation({
    summary: 'My pending work: what waits in my office to be received and what I received and must attend',
  })
  @ApiOkResponse({ type: DerivacionesPageSchema })
  @ApiProblems(400, 401, 504)
  pendientesUsuario(@CurrentActor() actor: Actor, @Query() query: PaginaQuery): Promise<DerivacionesPage> {
    return this.bus.send(Services.DERIVACIONES, DerivacionesPatterns.PENDIENTES_USUARIO, { actor, ...query });
  }

  @Get('vencidas')
  @ApiOperation({ summary: 'Open derivations past their deadline, most overdue first (AREA users: their office)' })
  @ApiOkResponse({ type: DerivacionesPageSchema })
  @ApiProblems(400, 401, 504)
  vencidas(@CurrentActor() actor: Actor, @Query() query: PaginaQuery): Promise<DerivacionesPage> {
    return this.bus.send(Services.DERIVACIONES, DerivacionesPatterns.VENCIDAS, { actor, ...query });
  }

  @Get('documento/:documentoId')
  @ApiOperation({
    summary: 'Route sheet (hoja de ruta): every movement of the document, in order, with dates and people',
  })
  @ApiOkResponse({ type: HojaDeRutaSchema })
  @ApiProblems(401, 404, 504)
  async hojaDeRuta(
    @CurrentActor() actor: Actor,
    @Param('documentoId', documentoIdPipe) documentoId: string,
  ): Promise<HojaDeRutaDto & { pide: TramitePideDto[] | null }> {
    // Both at once; the exchanges are answered only if derivaciones says the caller may see the
    // document, and the route sheet does not depend on integraciones-service: null when it did not answer.
    const [hoja, pide] = await Promise.all([
      this.bus.send<HojaDeRutaDto>(Services.DERIVACIONES, DerivacionesPatterns.HOJA_DE_RUTA, { actor, documentoId }),
      this.bus
        .send<TramitePideDto[]>(Services.INTEGRACIONES, PidePatterns.DE_DOCUMENTO, { documentoId })
        .catch((err: Error) => {
          this.log.warn(`route sheet without PIDE exchanges: ${err.name}`);
          return null;
        }),
    ]);
    return { ...hoja, pide };
  }

  @Get('estadisticas/area/:areaId')
  @ApiOperation({
    summary: "An office's pending, received, attended and overdue derivations, and average times in business hours",
  })
  @ApiOkResponse({ type: EstadisticasAreaSchema })
  @ApiProblems(400, 401, 404, 504)
  estadisticas(
    @CurrentActor() actor: Actor,
    @Param('areaId', areaIdPipe) areaId: number,
  ): Promise<EstadisticasAreaDto> {
    return this.bus.send(Services.DERIVACIONES, DerivacionesPatterns.ESTADISTICAS_AREA, { actor, areaId });
  }

  @Put(':id/recibir')
  @Roles(...QUIENES_DERIVAN)
  @ApiOperation({ summary: 'Receive (once): PENDIENTE → RECIBIDO' })
  @ApiOkResponse({ type: DerivacionAccionSchema })
  @ApiProblems(401, 403, 404, 409, 504)
  recibir(@CurrentActor() actor: Actor, @Param('id', derivacionIdPipe) id: string): Promise<DerivacionAccionDto> {
    return this.accion(DerivacionesPatterns.RECIBIR, { actor, id });
  }

  @Put(':id/atender')
  @Roles(...QUIENES_DERIVAN)
  @ApiOperation({
    summary: 'Attend a received derivation with a response note; the last open one answers the document',
  })
  @ApiOkResponse({ type: DerivacionAccionSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  atender(
    @CurrentActor() actor: Actor,
    @Param('id', derivacionIdPipe) id: string,
    @Body() body: AtenderDto,
  ): Promise<DerivacionAccionDto> {
    return this.accion(DerivacionesPatterns.ATENDER, { actor, id, texto: body.respuesta });
  }

  @Put(':id/rechazar')
  @Roles(...QUIENES_DERIVAN)
  @ApiOperation({ summary: 'Reject with a reason: the document goes back to the office it came from' })
  @ApiOkResponse({ type: DerivacionAccionSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  rechazar(
    @CurrentActor() actor: Actor,
    @Param('id', derivacionIdPipe) id: string,
    @Body() body: RechazarDto,
  ): Promise<DerivacionAccionDto> {
    return this.accion(DerivacionesPatterns.RECHAZAR, { actor, id, texto: body.motivoRechazo });
  }

  @Put(':id/reasignar')
  @Roles(...QUIENES_DERIVAN)
  @ApiOperation({ summary: 'Send an open derivation on to another office instead (it becomes PENDIENTE there)' })
  @ApiOkResponse({ type: DerivacionAccionSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  reasignar(
    @CurrentActor() actor: Actor,
    @Param('id', derivacionIdPipe) id: string,
    @Body() body: ReasignarDto,
  ): Promise<DerivacionAccionDto> {
    return this.accion(DerivacionesPatterns.REASIGNAR, {
      actor,
      id,
      areaDestinoId: body.areaDestinoId,
      texto: body.observaciones,
    });
  }

  @Post(':id/devolver')
  @HttpCode(201)
  @Roles(...QUIENES_DERIVAN)
  @ApiOperation({
    summary:
      'Attend a received derivation by returning the document to the sending office (a new derivation, in `nueva`)',
  })
  @ApiCreatedResponse({ type: DerivacionAccionSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  devolver(
    @CurrentActor() actor: Actor,
    @Param('id', derivacionIdPipe) id: string,
    @Body() body: DevolverDto,
  ): Promise<DerivacionAccionDto> {
    return this.accion(DerivacionesPatterns.DEVOLVER, { actor, id, texto: body.observaciones });
  }

  private accion(pattern: string, req: AccionDerivacionRequest): Promise<DerivacionAccionDto> {
    return this.bus.send(Services.DERIVACIONES, pattern, req);
  }
}
