import { DynamicModule } from '@nestjs/common';
import { reportesEntities } from '@mesa/db-entities';
import { AppDefinition, BusClientsModule, serviceInfrastructure } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';
import { QueueModule, queueProbe, queueProbeProviders } from '@mesa/shared/queue';
import { cargarAlmacen } from '@mesa/shared/firma';
import { StorageModule } from '@mesa/shared/storage';
import { ArchivosConsumer } from './archivos/archivos.consumer';
import { ALMACEN_FIRMAS, ProcesarArchivoProcessor } from './archivos/procesar-archivo.processor';
import { COLAS_REPORTES, ErroresDeColas } from './jobs/colas';
import { NotificacionesMasivasController } from './notificaciones/notificaciones-masivas.controller';
import { NotificacionesEnvioRepository } from './notificaciones/notificaciones-envio.repository';
import { NotificacionesMasivasProcessor } from './notificaciones/notificaciones-masivas.processor';
import { GenerarReporteExcelProcessor, GenerarReportePdfProcessor } from './reportes/generar-reporte.processor';
import { GeneradorReportes } from './reportes/archivo-reporte.writer';
import { VistasReportesRepository } from './reportes/vistas-reportes.repository';
import { LimpiezaReportesJob } from './reportes/limpieza.job';
import { ReportesController } from './reportes/reportes.controller';
import { ReportesRepository } from './reportes/reportes.repository';
import { ReportesService } from './reportes/reportes.service';

class ReportesModule {}

/**
 * reportes-worker: BullMQ workers for reports, attachment processing and bulk notifications,
 * and the task API (over the bus) the gateway serves; owns schema `reportes`. Not ready while
 * the queue Redis is unreachable.
 */
export const reportesApp: AppDefinition = {
  name: 'reportes-worker',
  defaultPort: 3004,
  busService: Services.REPORTES,
  module: (ctx): DynamicModule => {
    const bus = BusClientsModule.forRoot(ctx.config, [Services.DOCUMENTOS, Services.DERIVACIONES], ctx.name);
    const cola = queueProbe(ctx.config);
    // A trust store that cannot be read stops the worker at start, naming the setting.
    const almacen = cargarAlmacen(ctx.config.FIRMA_CONFIANZA, ctx.config.FIRMA_CRL);
    return {
      module: ReportesModule,
      imports: [
        ...serviceInfrastructure(ctx, { entities: reportesEntities, outboxSchema: 'reportes', probes: [cola, bus.probe] }),
        bus.module,
        QueueModule.forRoot(ctx.config, COLAS_REPORTES),
        StorageModule.forRoot(ctx.config),
      ],
      controllers: [ReportesController, ArchivosConsumer, NotificacionesMasivasController],
      providers: [
        ...queueProbeProviders(cola),
        ErroresDeColas,
        VistasReportesRepository,
        GeneradorReportes,
        ReportesRepository,
        ReportesService,
        LimpiezaReportesJob,
        GenerarReporteExcelProcessor,
        GenerarReportePdfProcessor,
        { provide: ALMACEN_FIRMAS, useValue: almacen },
        ProcesarArchivoProcessor,
        NotificacionesEnvioRepository,
        NotificacionesMasivasProcessor,
      ],
    };
  },
};
