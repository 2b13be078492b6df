import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RedisStreamsContext } from '@mesa/shared/bus';
import { DocumentoActualizadoEvent, DocumentoRegistradoEvent, Events } from '@mesa/shared/contracts';
import { DocumentosRefRepository } from './documentos-ref.repository';

/**
 * Keeps derivaciones' read copy of each document (case number, subject, state, office) fed by
 * documentos' events, so trays and routing never ask documentos per row. documentos owns the
 * document: the copy takes what the newest event says, and nothing else writes it.
 */
@Controller()
export class DocumentosRefConsumer {
  constructor(private readonly repo: DocumentosRefRepository) {}

  @EventPattern(Events.DOCUMENTO_REGISTRADO)
  async registrado(@Payload() e: DocumentoRegistradoEvent, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    await this.repo.unaVezPorEvento('derivaciones.ref_registered', ctx.getEventId(), (m) => this.repo.registrar(m, e));
  }

  @EventPattern(Events.DOCUMENTO_ACTUALIZADO)
  async actualizado(@Payload() e: DocumentoActualizadoEvent, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    await this.repo.unaVezPorEvento('derivaciones.ref_updated', ctx.getEventId(), async (m) => {
      // A late event leaves the derivations' copies alone too.
      if (await this.repo.actualizar(m, e)) await this.repo.renombrarDerivaciones(m, e);
    });
  }
}
