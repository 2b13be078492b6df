import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, BusClient } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import {
  CrearNotificacionesLoteReply,
  CrearNotificacionesLoteRequest,
  EnviarNotificacionesMasivasJob,
  NotificacionesPatterns,
  Queues,
  Services,
} from '@mesa/shared/contracts';
import { Ejecucion } from '../jobs/ejecucion-abortable';
import { ProcesadorBase } from '../jobs/procesador.base';
import { NotificacionesEnvioRepository } from './notificaciones-envio.repository';

/** Recipients per bus call (the seed's batches of 50). */
export const LOTE_NOTIFICACIONES = 50;
const TIPO_NOTIFICACION_MASIVA = 'MASIVA';

type Destinatario = { usuarioId: string } | { areaId: number };
const clave = (d: Destinatario) => ('usuarioId' in d ? `usuario:${d.usuarioId}` : `area:${d.areaId}`);

export interface ResultadoNotificaciones {
  destinatarios: number;
  creadas: number;
}

/**
 * enviar_notificaciones_masivas: one message to many users or offices, in batches through
 * derivaciones-service (which owns notifications). Each recipient is notified once however
 * often the job runs: derivaciones inserts with a dedupe key of the job id and the recipient
 * (ON CONFLICT DO NOTHING), and the batches already delivered are recorded in
 * reportes.notificacion_envio, so a retry after a partial fan-out skips them without calling.
 */
@Processor(Queues.ENVIAR_NOTIFICACIONES_MASIVAS, { autorun: false })
export class NotificacionesMasivasProcessor extends ProcesadorBase<EnviarNotificacionesMasivasJob, ResultadoNotificaciones> {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly envios: NotificacionesEnvioRepository,
    private readonly bus: BusClient,
  ) {
    super(config);
  }

  protected async ejecutar(job: Job<EnviarNotificacionesMasivasJob>, e: Ejecucion): Promise<ResultadoNotificaciones> {
    const jobId = String(job.id);
    const todos: Destinatario[] = [
      ...[...new Set(job.data.usuarioIds ?? [])].map((usuarioId) => ({ usuarioId })),
      ...[...new Set(job.data.areaIds ?? [])].map((areaId) => ({ areaId })),
    ];
    const enviados = await this.envios.enviados(jobId);
    const pendientes = todos.filter((d) => !enviados.has(clave(d)));
    let creadas = 0;
    for (let i = 0; i < pendientes.length; i += LOTE_NOTIFICACIONES) {
      await e.checkpoint();
      const lote = pendientes.slice(i, i + LOTE_NOTIFICACIONES);
      const pedido: CrearNotificacionesLoteRequest = {
        dedupePrefix: `masiva:${jobId}`,
        tipo: TIPO_NOTIFICACION_MASIVA,
        titulo: job.data.titulo,
        mensaje: job.data.mensaje,
        referenciaId: jobId,
        usuarioIds: lote.flatMap((d) => ('usuarioId' in d ? [d.usuarioId] : [])),
        areaIds: lote.flatMap((d) => ('areaId' in d ? [d.areaId] : [])),
      };
      const r = await this.bus.send<CrearNotificacionesLoteReply>(Services.DERIVACIONES, NotificacionesPatterns.CREAR_LOTE, pedido);
      creadas += r.creadas;
      await this.envios.registrar(jobId, lote.map(clave));
      await job.updateProgress(Math.floor(((enviados.size + i + lote.length) / Math.max(1, todos.length)) * 100));
    }
    return { destinatarios: todos.length, creadas };
  }
}
