import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ActivarIntegracionRequest,
  ActualizarIntegracionRequest,
  AutenticarEntranteRequest,
  CrearIntegracionRequest,
  EnviarDocumentoRequest,
  EstadisticasIntegracionRequest,
  EstadoEntranteRequest,
  IntegracionesPatterns,
  IntegracionIdRequest,
  ListarLogRequest,
  RecibirDocumentoRequest,
  ReintentarDlqRequest,
  RotarSecretosRequest,
} from '@mesa/shared/contracts';
import { EntranteService } from '../entrante/entrante.service';
import { IntegracionesService } from './integraciones.service';

/** Bus handlers; shapes were validated at the gateway (admin routes are ADMIN only there). */
@Controller()
export class IntegracionesController {
  constructor(
    private readonly integraciones: IntegracionesService,
    private readonly entrante: EntranteService,
  ) {}

  @MessagePattern(IntegracionesPatterns.CREAR)
  crear(@Payload() r: CrearIntegracionRequest) {
    return this.integraciones.crear(r.actor, r.integracion);
  }

  @MessagePattern(IntegracionesPatterns.LISTAR)
  listar() {
    return this.integraciones.listar();
  }

  @MessagePattern(IntegracionesPatterns.OBTENER)
  obtener(@Payload() r: IntegracionIdRequest) {
    return this.integraciones.obtener(r.id);
  }

  @MessagePattern(IntegracionesPatterns.ACTUALIZAR)
  actualizar(@Payload() r: ActualizarIntegracionRequest) {
    return this.integraciones.actualizar(r.actor, r.id, r.cambios);
  }

  @MessagePattern(IntegracionesPatterns.ELIMINAR)
  async eliminar(@Payload() r: IntegracionIdRequest) {
    await this.integraciones.eliminar(r.actor, r.id);
    return { eliminada: true };
  }

  @MessagePattern(IntegracionesPatterns.ACTIVAR)
  activar(@Payload() r: ActivarIntegracionRequest) {
    return this.integraciones.activar(r.actor, r.id, r.activa);
  }

  @MessagePattern(IntegracionesPatterns.ROTAR_SECRETOS)
  rotar(@Payload() r: RotarSecretosRequest) {
    return this.integraciones.rotarSecretos(r.actor, r.id, !!r.apiKey, !!r.webhookSecret);
  }

  @MessagePattern(IntegracionesPatterns.PROBAR)
  probar(@Payload() r: IntegracionIdRequest) {
    return this.integraciones.probar(r.id);
  }

  @MessagePattern(IntegracionesPatterns.ENVIAR)
  enviar(@Payload() r: EnviarDocumentoRequest) {
    return this.integraciones.enviar(r.id, r.documentoId, r.idempotencia && { usuarioId: r.actor.userId, key: r.idempotencia.key });
  }

  @MessagePattern(IntegracionesPatterns.DLQ_LISTAR)
  dlq(@Payload() r: ListarLogRequest) {
    return this.integraciones.log(r.id, r.filtros, true);
  }

  @MessagePattern(IntegracionesPatterns.DLQ_REINTENTAR)
  reintentar(@Payload() r: ReintentarDlqRequest) {
    return this.integraciones.reintentar(r.id, r.logId);
  }

  @MessagePattern(IntegracionesPatterns.LOG_LISTAR)
  log(@Payload() r: ListarLogRequest) {
    return this.integraciones.log(r.id, r.filtros, false);
  }

  @MessagePattern(IntegracionesPatterns.ESTADISTICAS)
  estadisticas(@Payload() r: EstadisticasIntegracionRequest) {
    return this.integraciones.estadisticas(r.id as string, r.filtros);
  }

  @MessagePattern(IntegracionesPatterns.ESTADISTICAS_GLOBALES)
  estadisticasGlobales(@Payload() r: EstadisticasIntegracionRequest) {
    return this.integraciones.estadisticasGlobales(r.filtros);
  }

  @MessagePattern(IntegracionesPatterns.ENTRANTE_AUTENTICAR)
  autenticar(@Payload() r: AutenticarEntranteRequest) {
    return this.entrante.autenticar(r);
  }

  @MessagePattern(IntegracionesPatterns.ENTRANTE_RECIBIR)
  recibir(@Payload() r: RecibirDocumentoRequest) {
    return this.entrante.recibir(r);
  }

  @MessagePattern(IntegracionesPatterns.ENTRANTE_ESTADO)
  estado(@Payload() r: EstadoEntranteRequest) {
    return this.entrante.estado(r.integracionId, r.idExterno);
  }
}
