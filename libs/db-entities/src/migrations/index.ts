import { Gateway1795328000001 } from './1795328000001-gateway.migration';
import { Documentos1795328000002 } from './1795328000002-documentos.migration';
import { Derivaciones1795328000003 } from './1795328000003-derivaciones.migration';
import { Integraciones1795328000004 } from './1795328000004-integraciones.migration';
import { Reportes1795328000005 } from './1795328000005-reportes.migration';
import { UnusedIndexes1795328000006 } from './1795328000006-unused-indexes.migration';
import { DocumentoObservacion1795328000013 } from './1795328000013-documento-observacion.migration';
import { ArchivosLecturas1795328000020 } from './1795328000020-archivos-lecturas.migration';
import { DerivacionesBandejas1795328000030 } from './1795328000030-derivaciones-bandejas.migration';
import { ReporteEjecucion1795328000040 } from './1795328000040-reporte-ejecucion.migration';
import { ReporteExpiracionParcial1795328000041 } from './1795328000041-reporte-expiracion-parcial.migration';
import { IntegracionesEnvio1795328000050 } from './1795328000050-integraciones-envio.migration';
import { DocumentoRefVersion1795328000060 } from './1795328000060-documento-ref-version.migration';
import { IdempotenciaEscritura1795328000070 } from './1795328000070-idempotencia-escritura.migration';
import { LogSinCuerpos1795328000080 } from './1795328000080-log-sin-cuerpos.migration';
import { SesionesAcceso1795328000081 } from './1795328000081-sesiones-acceso.migration';
import { MovimientoSolicitado1795328000090 } from './1795328000090-movimiento-solicitado.migration';
import { VistasReportes1795328000091 } from './1795328000091-vistas-reportes.migration';
import { Pide1795328000100 } from './1795328000100-pide.migration';
import { ArchivoFirmas1795328000110 } from './1795328000110-archivo-firmas.migration';
import { CodigoSeguimiento1795328000120 } from './1795328000120-codigo-seguimiento.migration';
import { BandejaVencidos1795328000130 } from './1795328000130-bandeja-vencidos.migration';

/** Where TypeORM records applied migrations (schema public). */
export const MIGRATIONS_TABLE = 'migrations';

/** In order. An explicit list, because bundling breaks glob patterns. */
export const migrations = [
  Gateway1795328000001,
  Documentos1795328000002,
  Derivaciones1795328000003,
  Integraciones1795328000004,
  Reportes1795328000005,
  UnusedIndexes1795328000006,
  DocumentoObservacion1795328000013,
  ArchivosLecturas1795328000020,
  DerivacionesBandejas1795328000030,
  ReporteEjecucion1795328000040,
  ReporteExpiracionParcial1795328000041,
  IntegracionesEnvio1795328000050,
  DocumentoRefVersion1795328000060,
  IdempotenciaEscritura1795328000070,
  LogSinCuerpos1795328000080,
  SesionesAcceso1795328000081,
  MovimientoSolicitado1795328000090,
  VistasReportes1795328000091,
  Pide1795328000100,
  ArchivoFirmas1795328000110,
  CodigoSeguimiento1795328000120,
  BandejaVencidos1795328000130,
];
