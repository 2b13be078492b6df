import { NotificacionEnvio } from './notificacion-envio.entity';
import { ReportesOutbox, ReportesProcessedEvent } from './outbox.entity';
import { Reporte } from './reporte.entity';

export { NotificacionEnvio, Reporte, ReportesOutbox, ReportesProcessedEvent };

export const reportesEntities = [Reporte, NotificacionEnvio, ReportesOutbox, ReportesProcessedEvent];
