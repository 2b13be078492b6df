import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER, BusClient } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import {
  CargoPide,
  ComprobanteReply,
  PideCargoJob,
  Queues,
  Rol,
  SeguimientoPatterns,
  Services,
} from '@mesa/shared/contracts';
import { counter } from '@mesa/shared/metrics';
import { ClientePide, esOk, FalloPide } from './cliente-pide';
import { PideWorker } from './pide-worker';
import { PideRepository } from './pide.repository';
import { actorDeEntidad, camposDeCargo } from './pide.service';

const cargos = counter('pide_cargos_total', 'Cargo sends to PIDE senders by result', ['resultado']);

/**
 * The worker of `pide_cargo`: our cargo of one state (P, R, O) of a received exchange, sent back
 * to its sender through PIDE with our receipt PDF (with its QR). A failure PIDE may get over
 * (no connection, timeout, 5xx) is retried with a growing delay; the last attempt, or a refusal
 * (4xx, a vcodres other than 0000), leaves the job failed: the dead-letter set, replayed by an
 * administrator.
 */
@Processor(Queues.PIDE_CARGO)
export class PideCargoProcessor extends PideWorker<PideCargoJob> {
  constructor(
    repo: PideRepository,
    private readonly cliente: ClientePide,
    private readonly bus: BusClient,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    super(repo, config);
  }

  async process(job: Job<PideCargoJob>): Promise<void> {
    const { t, entidad } = await this.destino(job);
    const comprobante = await this.bus.send<ComprobanteReply>(Services.DOCUMENTOS, SeguimientoPatterns.COMPROBANTE, {
      actor: actorDeEntidad(entidad, Rol.ADMIN),
      id: t.documentoId,
    });
    const previo = (t.cargo ?? {}) as Record<string, string>;
    const cargo: CargoPide = {
      vrucentrem: entidad.ruc,
      vrucentrec: this.config.PIDE_RUC ?? '',
      vcuo: t.cuo,
      vcuoref: (t.datos.vcuoref as string | undefined) ?? undefined,
      vnumregstd: comprobante.numeroExpediente,
      vanioregstd: String(t.createdAt.getUTCFullYear()),
      dfecregstd: (job.data.estado === 'P' ? t.createdAt : t.updatedAt).toISOString(),
      vuniorgstd: this.config.PIDE_ENTIDAD_NOMBRE,
      vusuregstd: job.data.estado === 'P' ? 'PIDE' : (previo.vusuregstd ?? 'MESA_PARTES'),
      bcarstd: comprobante.pdfBase64,
      vobs: job.data.estado === 'O' ? (t.observacion ?? undefined) : undefined,
      cflgest: job.data.estado,
    };
    try {
      const r = await this.cliente.cargo(entidad.endpoint, cargo);
      if (!esOk(r)) {
        cargos.inc({ resultado: 'rechazo' });
        this.logger.warn({ cuo: t.cuo, estado: job.data.estado, vcodres: r.vcodres }, 'PIDE cargo refused');
        throw new UnrecoverableError(`vcodres ${r.vcodres}`);
      }
    } catch (err) {
      if (err instanceof FalloPide) {
        cargos.inc({ resultado: err.reintentable ? 'fallo' : 'rechazo' });
        this.logger.warn(
          { cuo: t.cuo, estado: job.data.estado, intento: job.attemptsMade + 1, error: err.message },
          'PIDE cargo failed',
        );
        if (!err.reintentable) throw new UnrecoverableError(err.message);
      }
      throw err;
    }
    cargos.inc({ resultado: 'exito' });
    await this.repo.registrarCargo(t.id, camposDeCargo(cargo), { enviado: true });
  }
}
