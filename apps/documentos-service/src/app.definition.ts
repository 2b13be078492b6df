import { DynamicModule } from '@nestjs/common';
import { documentosEntities } from '@mesa/db-entities';
import { AppDefinition, serviceInfrastructure } from '@mesa/shared/app';
import { Services } from '@mesa/shared/contracts';
import { PurgaDeClaves } from '@mesa/shared/database';
import { ArchivosController } from './archivos/archivos.controller';
import { ArchivosRepository } from './archivos/archivos.repository';
import { ArchivosService } from './archivos/archivos.service';
import { PlazosService } from './catalogos/plazos.service';
import { CatalogosController } from './catalogos/catalogos.controller';
import { CatalogosRepository } from './catalogos/catalogos.repository';
import { CatalogosService } from './catalogos/catalogos.service';
import { ConsultasController } from './consultas/consultas.controller';
import { ConsultasRepository } from './consultas/consultas.repository';
import { ConsultasService } from './consultas/consultas.service';
import { ComprobanteController } from './comprobante/comprobante.controller';
import { ComprobanteService } from './comprobante/comprobante.service';
import { DocumentosController } from './documentos/documentos.controller';
import { DocumentosRepository } from './documentos/documentos.repository';
import { DocumentosService } from './documentos/documentos.service';
import { FeriadosController } from './feriados/feriados.controller';
import { FeriadosRepository } from './feriados/feriados.repository';
import { FeriadosService } from './feriados/feriados.service';
import { LecturasController } from './lecturas/lecturas.controller';
import { FirmaComprobante } from './comprobante/firma-comprobante';
import { LecturasRepository } from './lecturas/lecturas.repository';
import { LecturasService } from './lecturas/lecturas.service';
import { LecturasWriter } from './lecturas/lecturas.writer';
import { LoteController } from './lote/lote.controller';
import { LoteService } from './lote/lote.service';
import { MovimientosConsumer, MovimientosService } from './movimientos/movimientos.consumer';
import { MovimientosRepository } from './movimientos/movimientos.repository';
import { NoPresentadoJob } from './tramite/no-presentado.job';
import { TramiteController } from './tramite/tramite.controller';
import { TramiteRepository } from './tramite/tramite.repository';
import { TramiteService } from './tramite/tramite.service';
import { CodigosSeguimiento } from './seguimiento/codigos-seguimiento.service';
import { SeguimientoRepository } from './seguimiento/seguimiento.repository';
import { SeguimientoService } from './seguimiento/seguimiento.service';
import { DocumentosMetrics } from './metricas/documentos.metrics';
import { MetricasRepository } from './metricas/metricas.repository';

class DocumentosModule {}

/** documentos-service: the registration desk; owns schema `documentos`. */
export const documentosApp: AppDefinition = {
  name: 'documentos-service',
  defaultPort: 3001,
  busService: Services.DOCUMENTOS,
  module: (ctx): DynamicModule => {
    // Production without the institution's certificate stops here, naming the setting.
    FirmaComprobante.exigir(ctx.config);
    return {
      module: DocumentosModule,
      imports: serviceInfrastructure(ctx, { entities: documentosEntities, outboxSchema: 'documentos' }),
      controllers: [CatalogosController, DocumentosController, TramiteController, FeriadosController, LoteController, ConsultasController, ComprobanteController, MovimientosConsumer, ArchivosController, LecturasController],
      providers: [CatalogosRepository, CatalogosService, PlazosService, DocumentosRepository, DocumentosService, TramiteRepository, TramiteService, NoPresentadoJob, FeriadosRepository, FeriadosService, LoteService, ConsultasRepository, ConsultasService, CodigosSeguimiento, SeguimientoRepository, SeguimientoService, ComprobanteService, MovimientosService, MovimientosRepository, ArchivosRepository, ArchivosService, LecturasRepository, LecturasWriter, LecturasService, MetricasRepository, DocumentosMetrics, PurgaDeClaves.para('documentos'), { provide: FirmaComprobante, useFactory: () => FirmaComprobante.desdeConfig(ctx.config) }],
    };
  },
};
