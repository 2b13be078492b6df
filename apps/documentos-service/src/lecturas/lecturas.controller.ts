import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { RedisStreamsContext } from '@mesa/shared/bus';
import {
  DocumentoLeidoEvent,
  LecturasEvents,
  LecturasPage,
  LecturasPatterns,
  ListarLecturasRequest,
} from '@mesa/shared/contracts';
import { LecturasService } from './lecturas.service';
import { LecturasWriter } from './lecturas.writer';

/**
 * `documento.leido` events, read by this service's consumer group (replicas share them), and
 * the audit query of who read a document.
 */
@Controller()
export class LecturasController {
  constructor(
    private readonly writer: LecturasWriter,
    private readonly lecturas: LecturasService,
  ) {}

  @EventPattern(LecturasEvents.DOCUMENTO_LEIDO)
  leido(@Payload() evento: DocumentoLeidoEvent, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    return this.writer.registrar({
      ...evento,
      archivoId: evento.archivoId ?? null,
      ip: evento.ip ?? null,
      eventoId: ctx.getEventId() as string,
    });
  }

  @MessagePattern(LecturasPatterns.LISTAR)
  listar(@Payload() req: ListarLecturasRequest): Promise<LecturasPage> {
    return this.lecturas.listar(req.actor, req.documentoId, req.limit, req.cursor);
  }
}
