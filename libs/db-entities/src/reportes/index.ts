import { NotificacionEnvio } from './notificacion-envio.entity';
import { ReportesOutbox, ReportesProcessedEvent } from './outbox.entity';
import { Reporte } from './reporte.entity';

export const reportesEntities = [Reporte, NotificacionEnvio, ReportesOutbox, ReportesProcessedEvent];
