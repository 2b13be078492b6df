import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobState, Queue } from 'bullmq';
import {
  Actor,
  CONTENT_TYPES_REPORTE,
  DEFAULT_PAGE_SIZE,
  DescargaReporteReply,
  EstadoDerivacion,
  EstadoDocumento,
  EstadoTarea,
  FiltrosReporte,
  FORMATOS_REPORTE,
  FormatoReporte,
  GenerarReporteJob,
  MAX_PAGE_SIZE,
  Prioridad,
  Queues,
  ReportesErrors,
  Rol,
  SolicitarReporteReply,
  SolicitarReporteRequest,
  TareaDto,
  TareasPage,
  TIPOS_REPORTE,
} from '@mesa/shared/contracts';
import { claveReutilizada } from '@mesa/shared/database';
import { decodeCursor, encodeCursor, esFechaLima } from '@mesa/shared/domain';
import { badRequest, DomainException, ErrorCodes, FieldError, notFound } from '@mesa/shared/errors';
import { filtrosCanonicos, idDeClave, idReporte, idSiguiente, mismoPedido } from './reporte-id';
import { ReporteRow, ReportesRepository } from './reportes.repository';

/** Who may ask for reports: every role that reads documents (AREA users get their own office). */
const PUEDEN_SOLICITAR = new Set<Rol>([Rol.ADMIN, Rol.MESA_PARTES, Rol.AREA, Rol.AUDITOR]);
/** Besides the requester, who may see, download (and, ADMIN, cancel) anyone's report. */
const VEN_TODO = new Set<Rol>([Rol.ADMIN, Rol.AUDITOR]);

/** Reports over derivations filter by a derivation's state; the others by a document's. */
const estadosDe = (tipo: string): string[] =>
  ['derivaciones', 'productividad-areas', 'tiempos-atencion'].includes(tipo) ? Object.values(EstadoDerivacion) : Object.values(EstadoDocumento);

/** Ended without a file: asking again starts a new task. */
const SIN_ARCHIVO = new Set<EstadoTarea>(['failed', 'cancelled']);
/** New tasks one user may start for one request within one window, after failures or cancels. */
const MAX_REPETICIONES = 20;

/**
 * The task API behind the gateway: a report request becomes a row (who, what, the final state)
 * and a job (waiting, active, progress, attempts). The task's id is both.
 */
@Injectable()
export class ReportesService {
  constructor(
    private readonly repo: ReportesRepository,
    @InjectQueue(Queues.GENERAR_REPORTE_EXCEL) private readonly excel: Queue<GenerarReporteJob>,
    @InjectQueue(Queues.GENERAR_REPORTE_PDF) private readonly pdf: Queue<GenerarReporteJob>,
  ) {}

  async solicitar(req: SolicitarReporteRequest): Promise<SolicitarReporteReply> {
    const { actor } = req;
    if (!PUEDEN_SOLICITAR.has(actor.rol)) throw new DomainException(ErrorCodes.FORBIDDEN, 403, 'Tu rol no solicita reportes');
    const filtros = validarPedido(req);
    // An office user's report covers their office, whatever the filters said.
    if (actor.rol === Rol.AREA) filtros.areaId = actor.areaId ?? -1;
    const pedido = { tipo: req.tipo, formato: req.formato, filtros };
    let id = req.idempotencia ? idDeClave(actor.userId, req.idempotencia.key) : idReporte(actor.userId, req.tipo, req.formato, filtros);
    let creada = await this.repo.crear({ id, ...pedido, usuarioId: actor.userId });
    // A keyed retry answers its first task, whatever became of it; the same key for another report is refused.
    if (req.idempotencia && !creada.nueva && !mismoPedido(creada.row, pedido)) throw claveReutilizada();
    // A task of the window that failed or was cancelled is not an answer: the request starts a new one.
    for (let i = 0; !req.idempotencia && !creada.nueva && SIN_ARCHIVO.has(creada.row.estado) && i < MAX_REPETICIONES; i++) {
      id = idSiguiente(id);
      creada = await this.repo.crear({ id, tipo: req.tipo, formato: req.formato, filtros, usuarioId: actor.userId });
    }
    const { row, nueva } = creada;
    if (row.estado === 'waiting' || row.estado === 'active') {
      // Also for an existing open row: its job may never have been added (a crash between the two
      // writes); the queue drops the add when the job exists.
      await this.cola(row.formato).add('generar', { reporteId: id, tipo: row.tipo, formato: row.formato, filtros: row.filtros, usuarioId: row.usuario_id }, { jobId: id });
    }
    return { id, estado: row.estado, nueva };
  }

  async obtener(actor: Actor, id: string): Promise<TareaDto> {
    const row = await this.visible(actor, id);
    return this.tarea(row, await this.job(row));
  }

  async listar(actor: Actor, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<TareasPage> {
    const n = Math.min(Math.max(1, limit), MAX_PAGE_SIZE);
    const despuesDe = cursor ? decodeCursor(cursor, ['date', 'string'] as const) : undefined;
    const rows = await this.repo.listarDeUsuario(actor.userId, n + 1, despuesDe && { createdAt: despuesDe[0], id: despuesDe[1] });
    const pagina = rows.slice(0, n);
    const items = await Promise.all(pagina.map(async (r) => this.tarea(r, await this.job(r))));
    const ultima = pagina[pagina.length - 1];
    return { items, nextCursor: rows.length > n && ultima ? encodeCursor([ultima.created_at, ultima.id]) : null };
  }

  /**
   * A waiting job is removed; an active one sees the cancelled row at its next checkpoint and
   * stops, deleting what it wrote. The row says cancelled from now on.
   */
  async cancelar(actor: Actor, id: string, avisarWorkerLocal: (id: string) => void): Promise<TareaDto> {
    const row = await this.visible(actor, id);
    if (row.usuario_id !== actor.userId && actor.rol !== Rol.ADMIN) {
      throw new DomainException(ErrorCodes.FORBIDDEN, 403, 'Solo quien lo pidió o un administrador cancela un reporte');
    }
    const cancelada = await this.repo.cancelar(id);
    if (!cancelada) throw new DomainException(ReportesErrors.TAREA_TERMINADA, 409, `La tarea ya terminó (${row.estado})`);
    const job = await this.cola(row.formato).getJob(id);
    if (job) {
      // remove() refuses a job a worker holds (locked): that one stops at its checkpoint.
      await job.remove().catch(() => avisarWorkerLocal(id));
    }
    return this.tarea(cancelada, undefined);
  }

  async descarga(actor: Actor, id: string): Promise<DescargaReporteReply> {
    const row = await this.visible(actor, id);
    if (row.estado !== 'completed') {
      throw new DomainException(ReportesErrors.REPORTE_NO_DISPONIBLE, 409, `El reporte no tiene archivo (estado ${row.estado})`);
    }
    if (!row.storage_key) throw notFound(ReportesErrors.REPORTE_EXPIRADO, 'El archivo del reporte expiró; solicítalo de nuevo');
    const fecha = row.created_at.toISOString().slice(0, 10);
    return {
      storageKey: row.storage_key,
      nombreArchivo: `reporte-${row.tipo}-${fecha}.${row.formato}`,
      contentType: CONTENT_TYPES_REPORTE[row.formato],
      tamano: Number(row.tamano ?? 0),
    };
  }

  /** Only the requester, ADMIN or AUDITOR see a task; anyone else gets the same 404 as for no task. */
  private async visible(actor: Actor, id: string): Promise<ReporteRow> {
    const row = typeof id === 'string' && id.length <= 100 ? await this.repo.obtener(id) : undefined;
    if (!row || (row.usuario_id !== actor.userId && !VEN_TODO.has(actor.rol))) throw notFound(ReportesErrors.TAREA_NOT_FOUND, 'Tarea no encontrada');
    return row;
  }

  private cola(formato: FormatoReporte): Queue<GenerarReporteJob> {
    return formato === 'pdf' ? this.pdf : this.excel;
  }

  private async job(row: ReporteRow): Promise<{ job: Job; estado: JobState | 'unknown' } | undefined> {
    if (row.estado !== 'waiting' && row.estado !== 'active') return undefined;
    const job = await this.cola(row.formato).getJob(row.id);
    return job ? { job, estado: await job.getState() } : undefined;
  }

  /** The row has the final word; while open, the queue says whether it waits or runs, and how far it got. */
  private tarea(row: ReporteRow, j: { job: Job; estado: JobState | 'unknown' } | undefined): TareaDto {
    let estado: EstadoTarea = row.estado;
    let progreso = row.estado === 'completed' ? 100 : 0;
    let error = row.error;
    if (j) {
      estado = j.estado === 'active' ? 'active' : j.estado === 'completed' ? 'completed' : j.estado === 'failed' ? 'failed' : j.estado === 'unknown' ? row.estado : 'waiting';
      progreso = typeof j.job.progress === 'number' ? Math.floor(j.job.progress) : 0;
      error = j.job.failedReason || error;
    }
    return {
      id: row.id,
      tipo: row.tipo,
      formato: row.formato,
      estado,
      progreso,
      intentos: Math.max(row.intentos, j ? j.job.attemptsMade + (estado === 'active' ? 1 : 0) : 0),
      creadoEn: row.created_at.toISOString(),
      iniciadoEn: row.started_at?.toISOString() ?? (j?.job.processedOn ? new Date(j.job.processedOn).toISOString() : null),
      terminadoEn: row.finished_at?.toISOString() ?? null,
      error: error ?? null,
      filas: row.filas,
      expiraEn: row.expires_at?.toISOString() ?? null,
    };
  }
}

/** The bus carries what the gateway validated; a service still refuses what it cannot run. */
function validarPedido(req: SolicitarReporteRequest): FiltrosReporte {
  const fields: FieldError[] = [];
  if (!TIPOS_REPORTE.includes(req.tipo)) fields.push({ field: 'tipo', message: `tipo debe ser uno de ${TIPOS_REPORTE.join(', ')}` });
  if (!FORMATOS_REPORTE.includes(req.formato)) fields.push({ field: 'formato', message: `formato debe ser uno de ${FORMATOS_REPORTE.join(', ')}` });
  const f = filtrosCanonicos(req.filtros ?? {});
  for (const k of ['desde', 'hasta'] as const) {
    if (f[k] !== undefined && !(typeof f[k] === 'string' && esFechaLima(f[k]))) fields.push({ field: `filtros.${k}`, message: `${k} debe ser YYYY-MM-DD` });
  }
  for (const k of ['areaId', 'tipoDocumentoId'] as const) {
    if (f[k] !== undefined && !Number.isInteger(f[k])) fields.push({ field: `filtros.${k}`, message: `${k} debe ser entero` });
  }
  if (f.estado !== undefined && !estadosDe(req.tipo).includes(f.estado)) fields.push({ field: 'filtros.estado', message: `estado debe ser uno de ${estadosDe(req.tipo).join(', ')}` });
  if (f.prioridad !== undefined && !(Object.values(Prioridad) as string[]).includes(f.prioridad)) fields.push({ field: 'filtros.prioridad', message: 'prioridad desconocida' });
  const permitidos = new Set(['desde', 'hasta', 'areaId', 'estado', 'tipoDocumentoId', 'prioridad']);
  for (const k of Object.keys(f)) if (!permitidos.has(k)) fields.push({ field: `filtros.${k}`, message: 'filtro desconocido' });
  if (fields.length) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'Pedido de reporte inválido', fields);
  return f;
}
