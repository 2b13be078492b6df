import { Injectable } from '@nestjs/common';
import {
  Actor,
  CrearNotificacionesLoteReply,
  CrearNotificacionesLoteRequest,
  DEFAULT_PAGE_SIZE,
  DerivacionesErrors,
  ListarNotificacionesRequest,
  MAX_PAGE_SIZE,
  NotificacionDto,
  NotificacionesPage,
} from '@mesa/shared/contracts';
import { CursorErrors, decodeCursor, encodeCursor } from '@mesa/shared/domain';
import { badRequest, notFound } from '@mesa/shared/errors';
import { Destinatario, NotificacionesRepository, NotificacionRow } from './notificaciones.repository';

const CLAVE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Recipients per statement of a fan-out; callers send bigger fan-outs in several calls. */
const MAX_DESTINATARIOS_LOTE = 1000;

/**
 * A user's notifications: their own and their office's (an office notice read by one of its
 * users is read for the office, as a shared tray would be). Unread first, newest first.
 */
@Injectable()
export class NotificacionesService {
  constructor(private readonly repo: NotificacionesRepository) {}

  async crearLote(req: CrearNotificacionesLoteRequest): Promise<CrearNotificacionesLoteReply> {
    const usuarios = [...new Set(req.usuarioIds ?? [])];
    const areas = [...new Set(req.areaIds ?? [])];
    // Column sizes: tipo 50, titulo 200, dedupe key 200 (prefix + ':area:' or ':' + a uuid).
    const valido =
      !!req.dedupePrefix &&
      req.dedupePrefix.length <= 150 &&
      !!req.tipo &&
      req.tipo.length <= 50 &&
      !!req.titulo &&
      req.titulo.length <= 200 &&
      typeof req.mensaje === 'string' &&
      (req.referenciaId ?? '').length <= 100 &&
      usuarios.length + areas.length <= MAX_DESTINATARIOS_LOTE;
    if (!valido) {
      throw badRequest(
        'VALIDATION_FAILED',
        `Un lote lleva dedupePrefix (≤ 150), tipo (≤ 50), titulo (≤ 200), mensaje y a lo sumo ${MAX_DESTINATARIOS_LOTE} destinatarios.`,
      );
    }
    const base = { tipo: req.tipo, titulo: req.titulo, mensaje: req.mensaje, referenciaId: req.referenciaId ?? null };
    const creadas = await this.repo.crear([
      ...usuarios.map((u) => ({ ...base, usuarioId: u, areaId: null, dedupeKey: `${req.dedupePrefix}:${u}` })),
      ...areas.map((a) => ({ ...base, usuarioId: null, areaId: a, dedupeKey: `${req.dedupePrefix}:area:${a}` })),
    ]);
    return { creadas };
  }

  /** Cursor: (leida, created_at, id). The unread part runs out first, then the read part starts from the top. */
  async listar(req: ListarNotificacionesRequest): Promise<NotificacionesPage> {
    const d = destinatario(req.actor);
    const limit = Math.min(Math.max(req.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    let leida = false;
    let after: { createdAt: string; id: string } | undefined;
    if (req.cursor) {
      const [fase, createdAt, id] = decodeCursor(req.cursor, ['number', 'string', 'string']);
      if ((fase !== 0 && fase !== 1) || !CLAVE.test(createdAt) || !UUID.test(id)) {
        throw badRequest(CursorErrors.CURSOR_INVALIDO, 'Cursor de paginación inválido o alterado.');
      }
      leida = fase === 1;
      after = { createdAt, id };
    }
    const rows = await this.repo.listar(d, leida, limit, after);
    if (!leida && rows.length < limit && !req.soloNoLeidas) {
      rows.push(...(await this.repo.listar(d, true, limit - rows.length)));
    }
    const last = rows[rows.length - 1];
    const masAlla = rows.length === limit && last && !(req.soloNoLeidas && last.leida);
    return {
      items: rows.map(toNotificacionDto),
      nextCursor: masAlla ? encodeCursor([last.leida ? 1 : 0, last.created_key, last.id]) : null,
    };
  }

  async marcarLeida(actor: Actor, id: string): Promise<NotificacionDto> {
    const row = await this.repo.marcar(destinatario(actor), id);
    if (!row) throw notFound(DerivacionesErrors.NOTIFICACION_NOT_FOUND, 'Notificación no encontrada');
    return toNotificacionDto(row);
  }

  async marcarTodas(actor: Actor): Promise<{ marcadas: number }> {
    return { marcadas: await this.repo.marcarTodas(destinatario(actor)) };
  }
}

function destinatario(actor: Actor): Destinatario {
  return { usuarioId: actor.userId, areaId: actor.areaId };
}

function toNotificacionDto(r: NotificacionRow): NotificacionDto {
  return {
    id: r.id,
    tipo: r.tipo,
    titulo: r.titulo,
    mensaje: r.mensaje,
    referenciaId: r.referencia_id,
    usuarioId: r.usuario_id,
    areaId: r.area_id,
    leida: r.leida,
    createdAt: new Date(r.created_at).toISOString(),
    leidaAt: r.leida_at ? new Date(r.leida_at).toISOString() : null,
  };
}
