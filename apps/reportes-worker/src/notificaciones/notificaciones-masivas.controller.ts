import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Queue } from 'bullmq';
import {
  EncolarNotificacionesMasivasReply,
  EncolarNotificacionesMasivasRequest,
  EnviarNotificacionesMasivasJob,
  NotificacionesMasivasPatterns,
  Queues,
  Rol,
} from '@mesa/shared/contracts';
import { badRequest, DomainException, ErrorCodes, FieldError } from '@mesa/shared/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOTE_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Recipients of one send (each a notification row): larger mailings are several sends. */
const MAX_DESTINATARIOS = 10_000;

/** Queues a bulk notification (ADMIN). The job, not this call, notifies. */
@Controller()
export class NotificacionesMasivasController {
  constructor(@InjectQueue(Queues.ENVIAR_NOTIFICACIONES_MASIVAS) private readonly cola: Queue<EnviarNotificacionesMasivasJob>) {}

  @MessagePattern(NotificacionesMasivasPatterns.ENCOLAR)
  async encolar(@Payload() req: EncolarNotificacionesMasivasRequest): Promise<EncolarNotificacionesMasivasReply> {
    if (req.actor?.rol !== Rol.ADMIN) throw new DomainException(ErrorCodes.FORBIDDEN, 403, 'Solo un administrador envía notificaciones masivas');
    const usuarioIds = [...new Set(req.usuarioIds ?? [])];
    const areaIds = [...new Set(req.areaIds ?? [])];
    const fields: FieldError[] = [];
    if (req.loteId !== undefined && !LOTE_ID.test(req.loteId)) fields.push({ field: 'loteId', message: 'de 1 a 80 letras, dígitos, - o _' });
    if (typeof req.titulo !== 'string' || !req.titulo.trim() || req.titulo.length > 200) fields.push({ field: 'titulo', message: 'de 1 a 200 caracteres' });
    if (typeof req.mensaje !== 'string' || !req.mensaje.trim() || req.mensaje.length > 4000) fields.push({ field: 'mensaje', message: 'de 1 a 4000 caracteres' });
    if (!usuarioIds.every((u) => typeof u === 'string' && UUID.test(u))) fields.push({ field: 'usuarioIds', message: 'ids de usuario (UUID)' });
    if (!areaIds.every((a) => Number.isInteger(a) && a > 0)) fields.push({ field: 'areaIds', message: 'ids de área (enteros)' });
    const destinatarios = usuarioIds.length + areaIds.length;
    if (destinatarios === 0 || destinatarios > MAX_DESTINATARIOS) fields.push({ field: 'usuarioIds', message: `de 1 a ${MAX_DESTINATARIOS} destinatarios` });
    if (fields.length) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'Notificación masiva inválida', fields);
    const id = `masiva-${req.loteId ?? randomUUID()}`;
    await this.cola.add('enviar', { titulo: req.titulo.trim(), mensaje: req.mensaje.trim(), usuarioIds, areaIds }, { jobId: id });
    return { id, destinatarios };
  }
}
