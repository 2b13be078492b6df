import { Readable } from 'node:stream';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER, BusClient } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import {
  ArchivosPage,
  ArchivosPatterns,
  ArchivoUbicado,
  DocumentoDto,
  DocumentosPatterns,
  PideEnvioJob,
  Queues,
  Rol,
  Services,
} from '@mesa/shared/contracts';
import { DomainException } from '@mesa/shared/errors';
import { counter } from '@mesa/shared/metrics';
import { Storage } from '@mesa/shared/storage';
import { ClientePide, esOk, FalloPide } from './cliente-pide';
import { PideWorker } from './pide-worker';
import { PideRepository } from './pide.repository';
import { actorDeEntidad } from './pide.service';

const envios = counter('pide_envios_total', 'Documents sent to other entities through PIDE by result', ['resultado']);

/** Attachments a send carries at most (the message is one SOAP body). */
const MAX_ARCHIVOS = 20;

async function base64(s: Readable): Promise<string> {
  const partes: Buffer[] = [];
  for await (const p of s) partes.push(p as Buffer);
  return Buffer.concat(partes).toString('base64');
}

/**
 * The worker of `pide_envio`: one document routed to another entity. The CUO is asked of PIDE
 * once and stored before anything is sent, so every retry carries the same CUO and the receiver
 * (idempotent by CUO, as we are) registers it once. The main PDF and the other attachments go
 * inline. A failure PIDE may get over (no connection, timeout, 5xx, a fault) is retried with a
 * growing delay; the last attempt, or a refusal (4xx, a vcodres other than 0000, a document
 * without a PDF), leaves the job in the dead-letter set for replay.
 */
@Processor(Queues.PIDE_ENVIO)
export class PideEnvioProcessor extends PideWorker<PideEnvioJob> {
  constructor(
    repo: PideRepository,
    private readonly cliente: ClientePide,
    private readonly bus: BusClient,
    private readonly storage: Storage,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    super(repo, config);
  }

  async process(job: Job<PideEnvioJob>): Promise<void> {
    const { t, entidad } = await this.destino(job);
    const actor = actorDeEntidad(entidad, Rol.ADMIN);
    try {
      let cuo = t.cuo;
      if (t.datos.cuoAsignado === false) {
        cuo = await this.cliente.cuo();
        await this.repo.asignarCuo(t.id, cuo);
      }
      const doc = await this.bus.send<DocumentoDto>(Services.DOCUMENTOS, DocumentosPatterns.OBTENER, {
        actor,
        id: t.documentoId,
      });
      const tipo = await this.repo.tipoPorDocumento(doc.tipoDocumentoId);
      if (!tipo) throw new UnrecoverableError('document type without ccodtipdoc');
      const { items } = await this.bus.send<ArchivosPage>(Services.DOCUMENTOS, ArchivosPatterns.LISTAR, {
        actor,
        documentoId: doc.id,
        limit: MAX_ARCHIVOS,
      });
      const principal =
        items.find((a) => a.esPrincipal && a.tipoMime === 'application/pdf') ??
        items.find((a) => a.tipoMime === 'application/pdf');
      if (!principal) throw new UnrecoverableError('document without a PDF');
      const contenido = async (archivoId: string) => {
        const u = await this.bus.send<ArchivoUbicado>(Services.DOCUMENTOS, ArchivosPatterns.OBTENER, {
          actor,
          documentoId: doc.id,
          archivoId,
        });
        return base64(await this.storage.get(u.storageKey));
      };
      const anexos = items.filter((a) => a.id !== principal.id);
      const lstanexos = [];
      for (const a of anexos) lstanexos.push({ vnomdoc: a.nombre, bdocanx: await contenido(a.id) });
      const r = await this.cliente.recepcionar(entidad.endpoint, {
        vrucentrem: this.config.PIDE_RUC ?? '',
        vrucentrec: entidad.ruc,
        vnomentemi: this.config.PIDE_ENTIDAD_NOMBRE,
        vuniorgrem: 'Mesa de Partes',
        vcuo: cuo,
        ccodtipdoc: tipo.ccodtipdoc,
        vnumdoc: doc.numeroDocumentoExterno ?? doc.numeroExpediente,
        dfecdoc: doc.fechaPresentacion,
        vasu: doc.asunto,
        snumanx: lstanexos.length,
        snumfol: doc.numeroFolios,
        bpdfdoc: await contenido(principal.id),
        vnomdoc: principal.nombre,
        lstanexos,
      });
      if (!esOk(r)) {
        envios.inc({ resultado: 'rechazo' });
        this.logger.warn({ cuo, vcodres: r.vcodres }, 'PIDE send refused');
        throw new UnrecoverableError(`vcodres ${r.vcodres}: ${r.vdesres}`.slice(0, 200));
      }
      envios.inc({ resultado: 'exito' });
      await this.repo.registrarCargo(t.id, { vcodres: r.vcodres, vdesres: r.vdesres, cflgest: 'E' }, { enviado: true });
    } catch (err) {
      if (err instanceof FalloPide) {
        envios.inc({ resultado: err.reintentable ? 'fallo' : 'rechazo' });
        this.logger.warn({ tramiteId: t.id, intento: job.attemptsMade + 1, error: err.message }, 'PIDE send failed');
        if (!err.reintentable) throw new UnrecoverableError(err.message);
      }
      // A document that no longer exists will not come back.
      if (err instanceof DomainException && err.status === 404) throw new UnrecoverableError('document not found');
      throw err;
    }
  }
}
