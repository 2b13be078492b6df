import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import {
  Actor,
  ClaveIdempotencia,
  DocumentosErrors,
  EnvioEncolado,
  EstadisticasGlobales,
  EstadisticasIntegracion,
  IntegracionCreada,
  IntegracionDto,
  IntegracionesErrors,
  IntegracionesPatterns,
  LogSincronizacionPage,
  ResultadoPrueba,
  Rol,
  SecretosIntegracion,
  Services,
} from '@mesa/shared/contracts';
import { notFound } from '@mesa/shared/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { Clave, Idempotente } from '../idempotencia';
import {
  ActualizarIntegracionDto,
  CrearIntegracionDto,
  EnvioEncoladoSchema,
  EstadisticasIntegracionesGlobalesSchema,
  EstadisticasQuery,
  EstadisticasIntegracionSchema,
  IntegracionCreadaSchema,
  IntegracionSchema,
  LogPageSchema,
  LogQuery,
  ResultadoPruebaSchema,
  RotarSecretosDto,
  SecretosSchema,
} from './integraciones.dto';

const integracionIdPipe = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => notFound(IntegracionesErrors.INTEGRACION_NOT_FOUND, 'Integración no encontrada'),
});
const documentoIdPipe = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado'),
});

/**
 * Administration of the exchanges with other state systems (ADMIN; SRE also reads the log and
 * statistics). Credentials and secrets go in and never come out, except the generated API key
 * and signature secret, answered once when created or rotated.
 */
@ApiTags('integraciones')
@ApiBearerAuth()
@Controller('integraciones')
@Roles(Rol.ADMIN)
export class IntegracionesController {
  constructor(private readonly bus: BusClient) {}

  private send<T>(pattern: string, payload: unknown): Promise<T> {
    return this.bus.send<T>(Services.INTEGRACIONES, pattern, payload);
  }

  @Get()
  @ApiOperation({ summary: 'Every integration (a handful: not paginated)' })
  @ApiOkResponse({ type: [IntegracionSchema] })
  @ApiProblems(401, 403, 504)
  listar(@CurrentActor() actor: Actor): Promise<IntegracionDto[]> {
    return this.send(IntegracionesPatterns.LISTAR, { actor });
  }

  // No Idempotency-Key here: the stored answer would keep the new secrets in clear text for a
  // day. The unique codigo makes a repeated creation a 409 instead.
  @Post()
  @ApiOperation({ summary: 'Create an integration; the answer carries its inbound API key and signature secret, once' })
  @ApiCreatedResponse({ type: IntegracionCreadaSchema })
  @ApiProblems(400, 401, 403, 409, 504)
  crear(@CurrentActor() actor: Actor, @Body() body: CrearIntegracionDto): Promise<IntegracionCreada> {
    return this.send(IntegracionesPatterns.CREAR, { actor, integracion: body });
  }

  @Get('estadisticas')
  @Roles(Rol.ADMIN, Rol.SRE)
  @ApiOperation({ summary: 'Success rate, latency percentiles and failures by code across all integrations' })
  @ApiOkResponse({ type: EstadisticasIntegracionesGlobalesSchema })
  @ApiProblems(400, 401, 403, 504)
  estadisticasGlobales(
    @CurrentActor() actor: Actor,
    @Query() filtros: EstadisticasQuery,
  ): Promise<EstadisticasGlobales> {
    return this.send(IntegracionesPatterns.ESTADISTICAS_GLOBALES, { actor, filtros });
  }

  @Get(':id')
  @ApiOkResponse({ type: IntegracionSchema })
  @ApiProblems(401, 403, 404, 504)
  obtener(@CurrentActor() actor: Actor, @Param('id', integracionIdPipe) id: string): Promise<IntegracionDto> {
    return this.send(IntegracionesPatterns.OBTENER, { actor, id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change settings; new credentials (a rotation) are encrypted again' })
  @ApiOkResponse({ type: IntegracionSchema })
  @ApiProblems(400, 401, 403, 404, 504)
  actualizar(
    @CurrentActor() actor: Actor,
    @Param('id', integracionIdPipe) id: string,
    @Body() cambios: ActualizarIntegracionDto,
  ): Promise<IntegracionDto> {
    return this.send(IntegracionesPatterns.ACTUALIZAR, { actor, id, cambios });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an integration without history (one with history is deactivated instead: 409)' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 409, 504)
  async eliminar(@CurrentActor() actor: Actor, @Param('id', integracionIdPipe) id: string): Promise<void> {
    await this.send(IntegracionesPatterns.ELIMINAR, { actor, id });
  }

  @Post(':id/activar')
  @HttpCode(200)
  @ApiOkResponse({ type: IntegracionSchema })
  @ApiProblems(401, 403, 404, 504)
  activar(@CurrentActor() actor: Actor, @Param('id', integracionIdPipe) id: string): Promise<IntegracionDto> {
    return this.send(IntegracionesPatterns.ACTIVAR, { actor, id, activa: true });
  }

  @Post(':id/desactivar')
  @HttpCode(200)
  @ApiOperation({ summary: 'No more sends or receptions; queued sends go to the DLQ for a later replay' })
  @ApiOkResponse({ type: IntegracionSchema })
  @ApiProblems(401, 403, 404, 504)
  desactivar(@CurrentActor() actor: Actor, @Param('id', integracionIdPipe) id: string): Promise<IntegracionDto> {
    return this.send(IntegracionesPatterns.ACTIVAR, { actor, id, activa: false });
  }

  @Post(':id/rotar-secretos')
  @HttpCode(200)
  @ApiOperation({ summary: 'New inbound API key and/or signature secret, answered once; the old ones stop working' })
  @ApiOkResponse({ type: SecretosSchema })
  @ApiProblems(400, 401, 403, 404, 504)
  rotar(
    @CurrentActor() actor: Actor,
    @Param('id', integracionIdPipe) id: string,
    @Body() body: RotarSecretosDto,
  ): Promise<SecretosIntegracion> {
    return this.send(IntegracionesPatterns.ROTAR_SECRETOS, { actor, id, ...body });
  }

  @Post(':id/probar')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Connection test: updates estadoConexion (closing or opening the circuit) and records the response time',
  })
  @ApiOkResponse({ type: ResultadoPruebaSchema })
  @ApiProblems(400, 401, 403, 404, 504)
  probar(@CurrentActor() actor: Actor, @Param('id', integracionIdPipe) id: string): Promise<ResultadoPrueba> {
    return this.send(IntegracionesPatterns.PROBAR, { actor, id });
  }

  @Post(':id/enviar/:documentoId')
  @HttpCode(202)
  @Idempotente()
  @ApiOperation({ summary: 'Queue a send of one document (retried with backoff, then dead-lettered)' })
  @ApiAcceptedResponse({ type: EnvioEncoladoSchema })
  @ApiProblems(400, 401, 403, 404, 409, 504)
  enviar(
    @CurrentActor() actor: Actor,
    @Param('id', integracionIdPipe) id: string,
    @Param('documentoId', documentoIdPipe) documentoId: string,
    @Clave() idempotencia?: ClaveIdempotencia,
  ): Promise<EnvioEncolado> {
    return this.send(IntegracionesPatterns.ENVIAR, { actor, id, documentoId, idempotencia });
  }

  @Get(':id/dlq')
  @Roles(Rol.ADMIN, Rol.SRE)
  @ApiOperation({ summary: 'Sends that exhausted their attempts, newest first' })
  @ApiOkResponse({ type: LogPageSchema })
  @ApiProblems(400, 401, 403, 404, 504)
  dlq(
    @CurrentActor() actor: Actor,
    @Param('id', integracionIdPipe) id: string,
    @Query() filtros: LogQuery,
  ): Promise<LogSincronizacionPage> {
    return this.send(IntegracionesPatterns.DLQ_LISTAR, { actor, id, filtros });
  }

  @Post(':id/dlq/:logId/reintentar')
  @HttpCode(202)
  @ApiOperation({ summary: 'Replay a dead-lettered send (once: it leaves the DLQ)' })
  @ApiAcceptedResponse({ type: EnvioEncoladoSchema })
  @ApiProblems(401, 403, 404, 504)
  reintentar(
    @CurrentActor() actor: Actor,
    @Param('id', integracionIdPipe) id: string,
    @Param('logId') logId: string,
  ): Promise<EnvioEncolado> {
    return this.send(IntegracionesPatterns.DLQ_REINTENTAR, { actor, id, logId });
  }

  @Get(':id/log')
  @Roles(Rol.ADMIN, Rol.SRE)
  @ApiOperation({ summary: 'Every attempt, newest first, keyset-paginated; filter by estado, operacion and dates' })
  @ApiOkResponse({ type: LogPageSchema })
  @ApiProblems(400, 401, 403, 404, 504)
  log(
    @CurrentActor() actor: Actor,
    @Param('id', integracionIdPipe) id: string,
    @Query() filtros: LogQuery,
  ): Promise<LogSincronizacionPage> {
    return this.send(IntegracionesPatterns.LOG_LISTAR, { actor, id, filtros });
  }

  @Get(':id/estadisticas')
  @Roles(Rol.ADMIN, Rol.SRE)
  @ApiOperation({ summary: 'Success rate, latency percentiles and failures by response code of one integration' })
  @ApiOkResponse({ type: EstadisticasIntegracionSchema })
  @ApiProblems(400, 401, 403, 404, 504)
  estadisticas(
    @CurrentActor() actor: Actor,
    @Param('id', integracionIdPipe) id: string,
    @Query() filtros: EstadisticasQuery,
  ): Promise<EstadisticasIntegracion> {
    return this.send(IntegracionesPatterns.ESTADISTICAS, { actor, id, filtros });
  }
}
