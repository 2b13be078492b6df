import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { APP_LOGGER } from '@mesa/shared/app';
import { Events } from '@mesa/shared/contracts';
import { IntegracionesRepository } from '../integraciones/integraciones.repository';
import { SincronizacionQueue } from './sincronizacion.queue';

/** Any of the subscribable events names its document as `documentoId` or, for documento.*, `id`. */
type EventoDocumento = { documentoId?: string; id?: string; origenExterno?: string | null };

/**
 * Events that integrations subscribe to: one job per active subscribed integration. Idempotent
 * without bookkeeping: a redelivered event adds jobs whose ids already exist, which BullMQ drops.
 */
@Controller()
export class SuscripcionesController {
  constructor(
    private readonly integraciones: IntegracionesRepository,
    private readonly cola: SincronizacionQueue,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(Events.DOCUMENTO_REGISTRADO)
  registrado(@Payload() e: EventoDocumento) {
    return this.encolar(Events.DOCUMENTO_REGISTRADO, e);
  }

  @EventPattern(Events.DERIVACION_CREADA)
  derivado(@Payload() e: EventoDocumento) {
    return this.encolar(Events.DERIVACION_CREADA, e);
  }

  @EventPattern(Events.DOCUMENTO_ATENDIDO)
  atendido(@Payload() e: EventoDocumento) {
    return this.encolar(Events.DOCUMENTO_ATENDIDO, e);
  }

  private async encolar(evento: string, e: EventoDocumento): Promise<void> {
    const documentoId = e?.documentoId ?? e?.id;
    if (!documentoId) {
      this.logger.warn({ evento }, 'event without a document id ignored');
      return;
    }
    const suscritas = await this.integraciones.suscritas(evento);
    // A document that came from an integration is not echoed back to it.
    const destinos = suscritas.filter((i) => i.codigo !== e.origenExterno);
    for (const i of destinos) {
      if (i.urlBase) await this.cola.encolar({ integracionId: i.id, documentoId, evento }, i.maxReintentos);
    }
  }
}
