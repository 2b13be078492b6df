import { DynamicModule } from '@nestjs/common';
import { derivacionesEntities } from '@mesa/db-entities';
import { AppDefinition, BusClientsModule, serviceInfrastructure } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';
import { PurgaDeClaves } from '@mesa/shared/database';
import { BandejasRepository } from './bandejas/bandejas.repository';
import { BandejasService } from './bandejas/bandejas.service';
import { PendientesMetrics } from './bandejas/pendientes.metrics';
import { CatalogosDocumentosService } from './catalogos-documentos/catalogos-documentos.service';
import { DerivacionesController } from './derivaciones/derivaciones.controller';
import { DerivacionesRepository } from './derivaciones/derivaciones.repository';
import { AccionesDerivacionService } from './derivaciones/acciones-derivacion.service';
import { DerivarService } from './derivaciones/derivar.service';
import { DocumentosRefConsumer } from './documentos-ref/documentos-ref.consumer';
import { DocumentosRefRepository } from './documentos-ref/documentos-ref.repository';
import { NotificacionesController } from './notificaciones/notificaciones.controller';
import { NotificacionesRepository } from './notificaciones/notificaciones.repository';
import { NotificacionesService } from './notificaciones/notificaciones.service';
import { VencimientosJob } from './notificaciones/vencimientos.job';

class RootModule {}

/** derivaciones-service: routing between offices; owns schema `derivaciones`. */
export const derivacionesApp: AppDefinition = {
  name: 'derivaciones-service',
  defaultPort: 3002,
  busService: Services.DERIVACIONES,
  module: (ctx): DynamicModule => {
    // documentos answers the calendar, the offices and documents not yet copied here.
    const bus = BusClientsModule.forRoot(ctx.config, [Services.DOCUMENTOS], ctx.name);
    return {
      module: RootModule,
      imports: [
        ...serviceInfrastructure(ctx, { entities: derivacionesEntities, outboxSchema: 'derivaciones' }),
        bus.module,
      ],
      controllers: [DerivacionesController, NotificacionesController, DocumentosRefConsumer],
      providers: [
        PurgaDeClaves.para('derivaciones'),
        CatalogosDocumentosService,
        DerivacionesRepository,
        DerivarService,
        AccionesDerivacionService,
        DocumentosRefRepository,
        BandejasRepository,
        BandejasService,
        PendientesMetrics,
        NotificacionesRepository,
        NotificacionesService,
        VencimientosJob,
      ],
    };
  },
};
