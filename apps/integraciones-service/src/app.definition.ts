import { DynamicModule } from '@nestjs/common';
import { integracionesEntities } from '@mesa/db-entities';
import { APP_CONFIG, AppDefinition, BusClientsModule, serviceInfrastructure } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { Queues, Services } from '@mesa/shared/contracts';
import { QueueModule, queueProbe, queueProbeProviders } from '@mesa/shared/queue';
import { StorageModule } from '@mesa/shared/storage';
import { EntranteService } from './entrante/entrante.service';
import { LimiteEntrante } from './entrante/limite-entrante';
import { SolicitudesEntrantesRepository } from './entrante/solicitudes-entrantes.repository';
import { PoliticaRed } from './envio/politica-red';
import { SincronizacionProcessor } from './envio/sincronizacion.processor';
import { SincronizacionQueue } from './envio/sincronizacion.queue';
import { SuscripcionesController } from './envio/suscripciones.controller';
import { IntegracionesController } from './integraciones/integraciones.controller';
import { IntegracionesRepository } from './integraciones/integraciones.repository';
import { IntegracionesService } from './integraciones/integraciones.service';
import { ClientePide } from './pide/cliente-pide';
import { PideCargoProcessor } from './pide/pide-cargo.processor';
import { PideEnvioProcessor } from './pide/pide-envio.processor';
import { PideController } from './pide/pide.controller';
import { PideRepository } from './pide/pide.repository';
import { PideService } from './pide/pide.service';
import { LogRepository } from './registro/log.repository';
import { ReselladoSecretosJob } from './seguridad/resellado.job';
import { SecretosService } from './seguridad/secretos.service';

class IntegracionesModule {}

/**
 * integraciones-service: exchanges with other state systems; owns schema `integraciones`. It
 * runs the `sincronizar_documento_externo` worker itself: the sends' log and the integrations'
 * circuit state are its tables. It calls documentos-service to read and register documents.
 * It also owns the PIDE exchange (IMGD trámite service): catalogues, exchanges by CUO and the
 * `pide_cargo` / `pide_envio` workers; the gateway serves the SOAP port.
 */
export const integracionesApp: AppDefinition = {
  name: 'integraciones-service',
  defaultPort: 3003,
  busService: Services.INTEGRACIONES,
  module: (ctx): DynamicModule => {
    const bus = BusClientsModule.forRoot(ctx.config, [Services.DOCUMENTOS], ctx.name);
    const cola = queueProbe(ctx.config);
    return {
      module: IntegracionesModule,
      imports: [
        ...serviceInfrastructure(ctx, {
          entities: integracionesEntities,
          outboxSchema: 'integraciones',
          probes: [bus.probe, cola],
        }),
        bus.module,
        QueueModule.forRoot(ctx.config, [Queues.SINCRONIZAR_DOCUMENTO_EXTERNO, Queues.PIDE_CARGO, Queues.PIDE_ENVIO]),
        StorageModule.forRoot(ctx.config),
      ],
      controllers: [IntegracionesController, SuscripcionesController, PideController],
      providers: [
        ...queueProbeProviders(cola),
        { provide: PoliticaRed, useFactory: (c: AppConfig) => new PoliticaRed(c.INTEGRATIONS_ALLOWED_HOSTS), inject: [APP_CONFIG] },
        SecretosService,
        ReselladoSecretosJob,
        IntegracionesRepository,
        LogRepository,
        IntegracionesService,
        SincronizacionQueue,
        SincronizacionProcessor,
        LimiteEntrante,
        SolicitudesEntrantesRepository,
        EntranteService,
        PideRepository,
        ClientePide,
        PideService,
        PideCargoProcessor,
        PideEnvioProcessor,
      ],
    };
  },
};
