import { createHash, randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { PideEntidad, PideTramite } from '@mesa/db-entities';
import { APP_CONFIG, APP_LOGGER, BusClient } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import {
  Actor,
  ArchivoDto,
  ArchivoPide,
  ArchivosPatterns,
  CargoPide,
  ConsultarPideRequest,
  DocumentoDto,
  DocumentosPatterns,
  EntidadPideDto,
  EnviarPideRequest,
  GuardarEntidadPideRequest,
  GuardarTipoPideRequest,
  EstadoPide,
  MAX_DLQ,
  PideCargoJob,
  PideDlqItem,
  PideEnvioJob,
  PideCodigos,
  PideErrors,
  Prioridad,
  Queues,
  RecepcionarPideRequest,
  RecepcionFormalRequest,
  RecepcionTramiteDatos,
  RespuestaConsultaPide,
  RespuestaPide,
  Rol,
  Services,
  TipoDocumentoPide,
  TipoPideDto,
  TramitePideDto,
} from '@mesa/shared/contracts';
import { conflict, DomainException, notFound } from '@mesa/shared/errors';
import { Storage } from '@mesa/shared/storage';
import { PideRepository } from './pide.repository';

/** documentos' origenExterno of every case that came through PIDE (idExterno is its CUO). */
const ORIGEN_PIDE = 'PIDE';

const RUC = /^\d{11}$/;
const CUO = /^[0-9A-Za-z-]{1,20}$/;

const respuesta = (vcodres: string, vdesres: string): RespuestaPide => ({ vcodres, vdesres });

/** The entity acting on documentos-service: its catalogue id as the user, so the audit trail names it. */
export const actorDeEntidad = (
  e: Pick<PideEntidad, 'id' | 'ruc'>,
  rol: Rol.ADMIN | Rol.MESA_PARTES,
  ip?: string,
): Actor => ({
  userId: e.id,
  username: `pide:${e.ruc}`,
  rol,
  areaId: null,
  ...(ip ? { ip } : {}),
});

/** A stable id per (CUO, file), so that a repeated message stores and records the same attachment. */
function idArchivo(cuo: string, indice: number): string {
  const h = createHash('sha256').update(`pide:${cuo}:${indice}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What is wrong with the fields, or null: the bounds of a registration from the desk. */
function invalido(d: RecepcionTramiteDatos): string | null {
  if (!RUC.test(d.vrucentrem ?? '')) return 'vrucentrem debe tener 11 dígitos';
  if (!RUC.test(d.vrucentrec ?? '')) return 'vrucentrec debe tener 11 dígitos';
  if (!CUO.test(d.vcuo ?? '')) return 'vcuo inválido';
  const nombre = (d.vnomentemi ?? '').trim();
  if (nombre.length < 2 || nombre.length > 255) return 'vnomentemi debe tener de 2 a 255 caracteres';
  const asunto = (d.vasu ?? '').trim();
  if (asunto.length < 3 || asunto.length > 500) return 'vasu debe tener de 3 a 500 caracteres';
  const num = (d.vnumdoc ?? '').trim();
  if (!num || num.length > 100) return 'vnumdoc debe tener de 1 a 100 caracteres';
  if (!d.ccodtipdoc) return 'ccodtipdoc requerido';
  if (!Number.isInteger(d.snumfol) || d.snumfol < 1 || d.snumfol > 10000) return 'snumfol debe ser de 1 a 10000';
  if (!Number.isInteger(d.snumanx) || d.snumanx < 0) return 'snumanx inválido';
  if (Number.isNaN(Date.parse(d.dfecdoc))) return 'dfecdoc inválida';
  return null;
}

function aDto(t: PideTramite, entidad: Pick<PideEntidad, 'ruc' | 'nombre'>): TramitePideDto {
  const c = t.cargo as Record<string, string | null> | null;
  return {
    id: t.id,
    cuo: t.cuo,
    direccion: t.direccion,
    entidadRuc: entidad.ruc,
    entidadNombre: entidad.nombre,
    estado: t.estado,
    documentoId: t.documentoId,
    numeroExpediente: t.numeroExpediente,
    observacion: t.observacion,
    cargo: c
      ? {
          vnumregstd: c.vnumregstd ?? null,
          dfecregstd: c.dfecregstd ?? null,
          vusuregstd: c.vusuregstd ?? null,
          cflgest: (c.cflgest ?? t.estado) as EstadoPide,
        }
      : null,
    cargoEnviadoEn: t.cargoEnviadoEn?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

const entidadDto = (e: PideEntidad): EntidadPideDto => ({
  id: e.id,
  ruc: e.ruc,
  nombre: e.nombre,
  endpoint: e.endpoint,
  activa: e.activa,
  createdAt: new Date(e.createdAt).toISOString(),
  updatedAt: new Date(e.updatedAt).toISOString(),
});

/** A cargo as stored on the exchange: its fields without the PDF (kept in Storage, or made again). */
export function camposDeCargo(c: CargoPide): Record<string, unknown> {
  const campos: Record<string, unknown> = { ...c };
  delete campos.bcarstd;
  return campos;
}

const cargoJobId = (j: PideCargoJob) => `pide-cargo/${j.tramiteId}/${j.estado}`;
const envioJobId = (j: PideEnvioJob) => `pide-envio/${j.tramiteId}`;

const envioNoPosible = (detalle: string) => new DomainException(PideErrors.PIDE_ENVIO_NO_POSIBLE, 422, detalle);

/**
 * The receiving side of PIDE. recepcionarTramite registers the case through documentos-service
 * with (origen PIDE, CUO), which answers the same case however often it is sent; the PDF and the
 * annexes become its attachments under ids derived from the CUO, so a repeated message stores
 * the same files again and records none twice; the exchange row comes last, in state P, and its
 * cargo is queued. A CUO seen before from the same sender answers 0000 without doing anything.
 */
@Injectable()
export class PideService {
  constructor(
    private readonly repo: PideRepository,
    private readonly bus: BusClient,
    private readonly storage: Storage,
    @InjectQueue(Queues.PIDE_CARGO) private readonly cargos: Queue<PideCargoJob>,
    @InjectQueue(Queues.PIDE_ENVIO) private readonly envios: Queue<PideEnvioJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async recepcionar({ datos: d, archivos, ip }: RecepcionarPideRequest): Promise<RespuestaPide> {
    const error = invalido(d);
    if (error) return respuesta(PideCodigos.DATOS_INVALIDOS, error);
    if (!archivos.length) return respuesta(PideCodigos.DATOS_INVALIDOS, 'bpdfdoc requerido');
    if (d.vrucentrec !== this.config.PIDE_RUC)
      return respuesta(PideCodigos.RECEPTOR_INCORRECTO, 'vrucentrec no corresponde a esta entidad');
    const entidad = await this.repo.entidadPorRuc(d.vrucentrem);
    if (!entidad?.activa) return respuesta(PideCodigos.EMISOR_NO_REGISTRADO, 'Entidad emisora no registrada');
    const previo = await this.repo.tramite(d.vcuo, 'ENTRADA');
    if (previo) return this.yaRecibido(previo, entidad);
    const tipo = await this.repo.tipoPorCcod(d.ccodtipdoc);
    if (!tipo) return respuesta(PideCodigos.TIPO_NO_ADMITIDO, `ccodtipdoc ${d.ccodtipdoc} no admitido`);

    const actor = actorDeEntidad(entidad, Rol.MESA_PARTES, ip);
    const doc = await this.bus.send<DocumentoDto>(Services.DOCUMENTOS, DocumentosPatterns.REGISTRAR, {
      actor,
      documento: {
        tipoDocumentoId: tipo.tipoDocumentoId,
        remitente: d.vnomentemi.trim(),
        asunto: d.vasu.trim(),
        numeroFolios: d.snumfol,
        prioridad: Prioridad.NORMAL,
        numeroDocumentoExterno: d.vnumdoc.trim(),
        tieneAnexos: d.snumanx > 0,
        origenExterno: ORIGEN_PIDE,
        idExterno: d.vcuo,
      },
    });
    for (const [i, a] of archivos.entries()) await this.adjuntar(actor, doc.id, d.vcuo, i, a);
    const { tramite, nuevo } = await this.repo.insertar({
      cuo: d.vcuo,
      direccion: 'ENTRADA',
      entidadId: entidad.id,
      estado: 'P',
      documentoId: doc.id,
      numeroExpediente: doc.numeroExpediente,
      datos: { ...d, archivos: archivos.map((a) => a.nombre) },
    });
    if (!nuevo) return this.yaRecibido(tramite, entidad);
    await this.encolarCargo({ tramiteId: tramite.id, estado: 'P' });
    return respuesta(PideCodigos.OK, `Trámite recibido: ${doc.numeroExpediente}`);
  }

  private yaRecibido(t: PideTramite, entidad: PideEntidad): RespuestaPide {
    if (t.entidadId !== entidad.id) return respuesta(PideCodigos.CUO_DUPLICADO, 'CUO ya recibido de otra entidad');
    return respuesta(PideCodigos.OK, `Trámite recibido: ${t.numeroExpediente}`);
  }

  private async adjuntar(
    actor: Actor,
    documentoId: string,
    cuo: string,
    indice: number,
    a: ArchivoPide,
  ): Promise<void> {
    const id = idArchivo(cuo, indice);
    const storageKey = `archivos/${documentoId}/${id}`;
    const guardado = await this.storage.put(storageKey, Buffer.from(a.base64, 'base64'), {
      maxBytes: this.config.MAX_UPLOAD_BYTES,
    });
    await this.bus.send<ArchivoDto>(Services.DOCUMENTOS, ArchivosPatterns.REGISTRAR, {
      actor,
      documentoId,
      archivo: { id, nombre: a.nombre, tipoMime: a.tipoMime, tamano: guardado.size, hash: guardado.sha256, storageKey },
      idempotencia: { key: `pide-${cuo}-${indice}`, requestHash: guardado.sha256 },
    });
  }

  private get reintentos() {
    return {
      attempts: this.config.PIDE_MAX_INTENTOS,
      backoff: { type: 'exponential', delay: this.config.PIDE_REINTENTO_BASE_MS, jitter: 0.25 },
    };
  }

  async encolarCargo(j: PideCargoJob): Promise<void> {
    await this.cargos.add(j.estado, j, { jobId: cargoJobId(j), ...this.reintentos });
  }

  /**
   * A routing to another entity: the exchange is recorded (state E, CUO still to be asked) and a
   * pide_envio job does the rest. Refused before anything is written when the entity cannot
   * receive, the document is not the caller's to read, or its type has no ccodtipdoc.
   */
  async enviar(r: EnviarPideRequest): Promise<TramitePideDto> {
    const entidad = await this.repo.entidadPorRuc(r.entidadRuc);
    if (!entidad) throw notFound(PideErrors.PIDE_ENTIDAD_NOT_FOUND, 'Entidad PIDE no registrada');
    if (!entidad.activa || !entidad.endpoint)
      throw envioNoPosible('La entidad no está activa o no tiene endpoint PIDE');
    if (!this.config.PIDE_RUC) throw envioNoPosible('PIDE_RUC no configurado');
    const doc = await this.bus.send<DocumentoDto>(Services.DOCUMENTOS, DocumentosPatterns.OBTENER, {
      actor: r.actor,
      id: r.documentoId,
    });
    if (!(await this.repo.tipoPorDocumento(doc.tipoDocumentoId)))
      throw envioNoPosible('El tipo de documento no tiene código IMGD (ccodtipdoc)');
    const { tramite } = await this.repo.insertar({
      // Replaced by PIDE's CUO before the message goes out (datos.cuoAsignado).
      cuo: `N${randomUUID().replace(/-/g, '').slice(0, 19)}`,
      direccion: 'SALIDA',
      entidadId: entidad.id,
      estado: 'E',
      documentoId: doc.id,
      numeroExpediente: doc.numeroExpediente,
      datos: { instrucciones: r.instrucciones, usuario: r.actor.username, cuoAsignado: false },
    });
    await this.envios.add(
      'envio',
      { tramiteId: tramite.id },
      { jobId: envioJobId({ tramiteId: tramite.id }), ...this.reintentos },
    );
    return aDto(tramite, entidad);
  }

  /** Jobs of both PIDE queues that failed for good: the dead-letter set. */
  async dlq(): Promise<PideDlqItem[]> {
    const out: PideDlqItem[] = [];
    for (const q of [this.envios, this.cargos] as Queue<PideEnvioJob | PideCargoJob>[]) {
      for (const j of await q.getFailed(0, MAX_DLQ - 1)) {
        const t = await this.repo.tramitePorId(j.data.tramiteId);
        out.push({
          cola: q.name,
          jobId: String(j.id),
          tramiteId: j.data.tramiteId,
          cuo: t && t.datos.cuoAsignado !== false ? t.cuo : null,
          intentos: j.attemptsMade,
          motivo: (j.failedReason ?? '').slice(0, 200),
          fallidoEn: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        });
      }
    }
    return out;
  }

  /** Replays a dead-lettered job with a fresh set of attempts. */
  async reintentar(jobId: string): Promise<PideDlqItem> {
    for (const q of [this.envios, this.cargos] as Queue<PideEnvioJob | PideCargoJob>[]) {
      const j = (await q.getJob(jobId)) as Job<PideEnvioJob | PideCargoJob> | undefined;
      if (!j) continue;
      if (!(await j.isFailed()))
        throw conflict(PideErrors.PIDE_TRABAJO_NO_FALLIDO, 'El trabajo no está en la cola de fallidos');
      const item = (await this.dlq()).find((d) => d.jobId === jobId) as PideDlqItem;
      await j.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return item;
    }
    throw notFound(PideErrors.PIDE_TRABAJO_NOT_FOUND, 'Trabajo no encontrado');
  }

  /** consultarTramite: what we know of a CUO the caller sent us. */
  async consultar(r: ConsultarPideRequest): Promise<RespuestaConsultaPide> {
    const t = CUO.test(r.vcuo ?? '') ? await this.repo.tramite(r.vcuo, 'ENTRADA') : null;
    const entidad = t && (await this.repo.entidadPorId(t.entidadId));
    if (!t || !entidad || entidad.ruc !== r.vrucentrem)
      return respuesta(PideCodigos.CUO_NO_ENCONTRADO, 'CUO no encontrado');
    const cargo = (t.cargo ?? {}) as Record<string, string | undefined>;
    return {
      ...respuesta(PideCodigos.OK, 'Consulta exitosa'),
      vcuo: t.cuo,
      vcuoref: (t.datos.vcuoref as string | undefined) ?? undefined,
      vnumregstd: t.numeroExpediente ?? undefined,
      vanioregstd: String(t.createdAt.getUTCFullYear()),
      vuniorgstd: cargo.vuniorgstd ?? this.config.PIDE_ENTIDAD_NOMBRE,
      dfecregstd: t.createdAt.toISOString(),
      vusuregstd: cargo.vusuregstd,
      vobs: t.observacion ?? undefined,
      cflgest: t.estado,
    };
  }

  async tiposPide(): Promise<TipoDocumentoPide[]> {
    return (await this.repo.tipos()).map((t) => ({ ccodtipdoc: t.ccodtipdoc, vnomtipdoc: t.nombre }));
  }

  /** The desk's formal reception: P → R, or P → O with its observation; the cargo of the new state is queued. */
  async recepcionFormal(r: RecepcionFormalRequest): Promise<TramitePideDto> {
    const t = await this.repo.tramite(r.cuo, 'ENTRADA');
    if (!t) throw notFound(PideErrors.PIDE_TRAMITE_NOT_FOUND, 'Trámite PIDE no encontrado');
    const hecho = await this.repo.recibirFormal(t.id, r.estado, r.estado === 'O' ? (r.observacion ?? null) : null);
    if (!hecho) throw conflict(PideErrors.PIDE_TRAMITE_NO_PENDIENTE, `El trámite ya está en estado ${t.estado}`);
    await this.repo.registrarCargo(hecho.id, { ...(hecho.cargo ?? {}), vusuregstd: r.actor.username });
    await this.encolarCargo({ tramiteId: hecho.id, estado: r.estado });
    const entidad = (await this.repo.entidadPorId(hecho.entidadId)) as PideEntidad;
    return aDto((await this.repo.tramitePorId(hecho.id)) as PideTramite, entidad);
  }

  /** cargoTramite: an entity we sent to tells us its state, with its cargo PDF. */
  async cargoRecibido(c: CargoPide): Promise<RespuestaPide> {
    const t = CUO.test(c.vcuo ?? '') ? await this.repo.tramite(c.vcuo, 'SALIDA') : null;
    const entidad = t && (await this.repo.entidadPorId(t.entidadId));
    if (!t || !entidad || entidad.ruc !== c.vrucentrec)
      return respuesta(PideCodigos.CUO_NO_ENCONTRADO, 'CUO no encontrado');
    if (!['P', 'R', 'O'].includes(c.cflgest)) return respuesta(PideCodigos.DATOS_INVALIDOS, 'cflgest inválido');
    let storageKey: string | undefined;
    if (c.bcarstd) {
      storageKey = `pide/cargos/${t.id}/${c.cflgest}`;
      await this.storage.put(storageKey, Buffer.from(c.bcarstd, 'base64'), { maxBytes: this.config.MAX_UPLOAD_BYTES });
    }
    await this.repo.registrarCargo(t.id, camposDeCargo(c), {
      estado: c.cflgest,
      storageKey,
    });
    this.logger.info({ cuo: c.vcuo, cflgest: c.cflgest }, 'PIDE cargo received');
    return respuesta(PideCodigos.OK, 'Cargo recibido');
  }

  async deDocumento(documentoId: string): Promise<TramitePideDto[]> {
    const filas = await this.repo.deDocumento(documentoId);
    const out: TramitePideDto[] = [];
    for (const t of filas) {
      const e = await this.repo.entidadPorId(t.entidadId);
      if (e) out.push(aDto(t, e));
    }
    return out;
  }

  async entidades(): Promise<EntidadPideDto[]> {
    return (await this.repo.entidades()).map(entidadDto);
  }

  /** Creates or updates an entity by RUC, with its audit row in the same transaction. */
  async guardarEntidad({ actor, entidad }: GuardarEntidadPideRequest): Promise<EntidadPideDto> {
    return this.repo.transaccion('integraciones.pide_entidad_save', async (m) => {
      const { antes, despues } = await this.repo.guardarEntidad(m, entidad);
      const dto = entidadDto(despues);
      await this.repo.auditar(
        m,
        antes ? 'PIDE_ENTIDAD_ACTUALIZADA' : 'PIDE_ENTIDAD_CREADA',
        actor,
        antes && entidadDto(antes),
        dto,
      );
      return dto;
    });
  }

  async eliminarEntidad(actor: Actor, ruc: string): Promise<void> {
    await this.repo.transaccion('integraciones.pide_entidad_delete', async (m) => {
      const e = await this.repo.eliminarEntidad(m, ruc);
      if (e === null) throw notFound(PideErrors.PIDE_ENTIDAD_NOT_FOUND, 'Entidad PIDE no registrada');
      if (e === false)
        throw conflict(
          PideErrors.PIDE_ENTIDAD_CON_TRAMITES,
          'La entidad tiene trámites PIDE: desactívela en lugar de eliminarla',
        );
      await this.repo.auditar(m, 'PIDE_ENTIDAD_ELIMINADA', actor, entidadDto(e), null);
    });
  }

  async tipos(): Promise<TipoPideDto[]> {
    return (await this.repo.tipos()).map(({ tipoDocumentoId, ccodtipdoc, nombre }) => ({
      tipoDocumentoId,
      ccodtipdoc,
      nombre,
    }));
  }

  /** Maps one of our document types to a ccodtipdoc (each code to one type), audited. */
  async guardarTipo({ actor, tipo }: GuardarTipoPideRequest): Promise<TipoPideDto> {
    const tipos = await this.bus.send<{ id: number }[]>(Services.DOCUMENTOS, DocumentosPatterns.TIPOS_LISTAR, {
      actor,
    });
    if (!tipos.some((t) => t.id === tipo.tipoDocumentoId))
      throw notFound(PideErrors.PIDE_TIPO_NOT_FOUND, 'Tipo de documento no encontrado');
    return this.repo.transaccion('integraciones.pide_tipo_save', async (m) => {
      const r = await this.repo.guardarTipo(m, tipo);
      if (!r)
        throw conflict(
          PideErrors.PIDE_CCODTIPDOC_DUPLICADO,
          `ccodtipdoc ${tipo.ccodtipdoc} ya está asignado a otro tipo`,
        );
      await this.repo.auditar(m, r.antes ? 'PIDE_TIPO_ACTUALIZADO' : 'PIDE_TIPO_CREADO', actor, r.antes, r.despues);
      return { tipoDocumentoId: r.despues.tipoDocumentoId, ccodtipdoc: r.despues.ccodtipdoc, nombre: r.despues.nombre };
    });
  }

  async eliminarTipo(actor: Actor, tipoDocumentoId: number): Promise<void> {
    await this.repo.transaccion('integraciones.pide_tipo_delete', async (m) => {
      const t = await this.repo.eliminarTipo(m, tipoDocumentoId);
      if (!t) throw notFound(PideErrors.PIDE_TIPO_NOT_FOUND, 'El tipo no tiene código IMGD');
      await this.repo.auditar(m, 'PIDE_TIPO_ELIMINADO', actor, t, null);
    });
  }
}
