import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER, BusClient } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import {
  DocumentoDto,
  DocumentosPatterns,
  EstadoConexion,
  EstadoSync,
  FirmaHeaders,
  OperacionSync,
  Queues,
  Rol,
  Services,
  SincronizarDocumentoExternoJob,
} from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';
import { counter, histogram } from '@mesa/shared/metrics';
import { observeWorker } from '@mesa/shared/queue';
import { actorDeIntegracion } from '../integraciones/actor-integracion';
import { IntegracionesRepository, ResultadoCircuito } from '../integraciones/integraciones.repository';
import { IntegracionesService } from '../integraciones/integraciones.service';
import { LogRepository } from '../registro/log.repository';
import { Respuesta } from './cliente-http';
import { mapearCampos } from './campos.mapper';
import { retrasoConRetryAfter, retrasoReintento } from './reintentos';
import { BACKOFF_INTEGRACION } from './sincronizacion.queue';

const envios = counter('integracion_envios_total', 'Outbound send attempts by result', ['resultado']);
const duracion = histogram('integracion_envio_duration_seconds', 'Duration of outbound HTTP calls', ['resultado']);

/** An attempt that failed but may be retried: the delay was decided (and logged) by the worker. */
class EnvioFallido extends Error {
  override name = 'EnvioFallido';
  constructor(
    mensaje: string,
    readonly retrasoMs: number,
  ) {
    super(mensaje);
  }
}

/** BullMQ asks the custom backoff for the delay; the worker has put it on the error. */
function backoffIntegracion(attemptsMade: number, type?: string, err?: Error): number {
  if (type === BACKOFF_INTEGRACION && err instanceof EnvioFallido) return err.retrasoMs;
  return retrasoReintento(attemptsMade, 2000);
}

type Job_ = Job<SincronizarDocumentoExternoJob>;

/**
 * The worker of `sincronizar_documento_externo`, here because this service owns the log and the
 * integration's state. Each attempt: the circuit may hold the job (moved to delayed, no attempt
 * spent, nothing lost); the document is read from documentos-service; the mapped body is sent
 * signed; the attempt is a log row; the circuit learns the outcome. A failure is retried with a
 * growing delay until maxReintentos, and the last one is left in the DLQ for replay.
 */
@Processor(Queues.SINCRONIZAR_DOCUMENTO_EXTERNO, { settings: { backoffStrategy: backoffIntegracion } })
export class SincronizacionProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly integraciones: IntegracionesRepository,
    private readonly servicio: IntegracionesService,
    private readonly logs: LogRepository,
    private readonly bus: BusClient,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap() {
    // Sends mostly wait on the other system: WORKER_CONCURRENCY of them at once per replica.
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    observeWorker(this.worker);
  }

  async process(job: Job_, token?: string): Promise<void> {
    const { integracionId, documentoId, evento } = job.data;
    const i = await this.integraciones.porId(integracionId);
    if (!i) return; // deleted integrations have no history (deletion refuses otherwise): nothing to send.
    const intento = job.attemptsMade + 1;
    const ultimo = intento >= (job.opts.attempts ?? 1);
    const base = {
      integracionId,
      documentoId,
      numeroExpediente: null as string | null,
      operacion: OperacionSync.ENVIO,
      evento,
      numeroIntento: intento,
    };

    if (!i.activa || !i.urlBase) {
      await this.logs.registrar({
        ...base,
        estado: EstadoSync.ERROR,
        codigoRespuesta: null,
        mensajeError: i.activa ? 'La integración no tiene URL' : 'Integración desactivada',
        proximoReintentoMs: null,
        tiempoRespuestaMs: null,
        idExterno: null,
        enDlq: true,
      });
      throw new UnrecoverableError('integration inactive or without URL');
    }

    const turno =
      i.estadoConexion === EstadoConexion.ERROR
        ? await this.integraciones.turnoCircuito(i.id)
        : { enviar: true as const };
    if (!turno.enviar) {
      // Wait for the circuit: a little spread so held jobs do not wake together.
      const espera = turno.hasta.getTime() + Math.round(Math.random() * Math.min(i.esperaCircuitoMs, 5000) * 0.2);
      await job.moveToDelayed(espera, token);
      throw new DelayedError();
    }

    let doc: DocumentoDto;
    try {
      doc = await this.bus.send<DocumentoDto>(Services.DOCUMENTOS, DocumentosPatterns.OBTENER, {
        actor: actorDeIntegracion(i, Rol.ADMIN),
        id: documentoId,
      });
    } catch (err) {
      if (err instanceof DomainException && err.status === 404) {
        await this.logs.registrar({
          ...base,
          estado: EstadoSync.ERROR,
          codigoRespuesta: null,
          mensajeError: 'El documento no existe',
          proximoReintentoMs: null,
          tiempoRespuestaMs: null,
          idExterno: null,
          enDlq: true,
        });
        throw new UnrecoverableError('document not found');
      }
      // Our own side failed (bus, documentos): retried, and the other system's circuit is not blamed.
      return this.fallar(
        job,
        base,
        ultimo,
        intento,
        i.reintentoBaseMs,
        {
          ok: false,
          desenlace: 'conexion',
          codigo: null,
          tiempoMs: 0,
          error: `Documento no disponible: ${(err as Error).name}`,
          reintentable: true,
          retryAfterMs: null,
          idExterno: null,
        },
        'neutro',
      );
    }

    base.numeroExpediente = doc.numeroExpediente;
    const cuerpo = JSON.stringify({
      evento,
      entrega: job.id,
      documento: mapearCampos(doc as unknown as Record<string, unknown>, i.mapeoCampos),
    });
    const r = await this.servicio.llamar(i, 'POST', cuerpo, {
      [FirmaHeaders.EVENTO]: evento,
      [FirmaHeaders.ENTREGA]: String(job.id),
    });
    const resultado = r.ok ? 'exito' : r.reintentable ? 'fallo' : 'rechazo';
    envios.inc({ resultado });
    duracion.observe({ resultado }, r.tiempoMs / 1000);

    if (r.ok) {
      await this.logs.registrar(
        {
          ...base,
          estado: EstadoSync.EXITOSO,
          codigoRespuesta: r.codigo,
          mensajeError: null,
          proximoReintentoMs: null,
          tiempoRespuestaMs: r.tiempoMs,
          idExterno: r.idExterno,
          enDlq: false,
        },
        'exito',
      );
      return;
    }
    return this.fallar(job, base, ultimo, intento, i.reintentoBaseMs, r, r.reintentable ? 'fallo' : 'neutro');
  }

  private async fallar(
    job: Job_,
    base: Omit<
      Parameters<LogRepository['registrar']>[0],
      'estado' | 'codigoRespuesta' | 'mensajeError' | 'proximoReintentoMs' | 'tiempoRespuestaMs' | 'idExterno' | 'enDlq'
    >,
    ultimo: boolean,
    intento: number,
    baseMs: number,
    r: Respuesta,
    circuito: ResultadoCircuito,
  ): Promise<never> {
    const definitivo = ultimo || !r.reintentable;
    const retrasoMs = definitivo ? null : retrasoConRetryAfter(retrasoReintento(intento, baseMs), r.retryAfterMs);
    await this.logs.registrar(
      {
        ...base,
        estado: definitivo ? EstadoSync.ERROR : EstadoSync.REINTENTANDO,
        codigoRespuesta: r.codigo,
        mensajeError: r.error,
        proximoReintentoMs: retrasoMs,
        tiempoRespuestaMs: r.codigo === null && r.tiempoMs === 0 ? null : r.tiempoMs,
        idExterno: null,
        enDlq: definitivo,
      },
      circuito,
    );
    if (definitivo) {
      this.logger.warn(
        { integracionId: base.integracionId, documentoId: base.documentoId, intento, codigo: r.codigo },
        'send dead-lettered',
      );
      throw new UnrecoverableError(r.error ?? 'send failed');
    }
    throw new EnvioFallido(r.error ?? 'send failed', retrasoMs as number);
  }
}
