import { Integracion } from './integracion.entity';
import { LogSincronizacion } from './log-sincronizacion.entity';
import { IntegracionesOutbox, IntegracionesProcessedEvent } from './outbox.entity';
import { PideAuditoria, PideEntidad, PideTipoDocumento, PideTramite } from './pide.entity';
import { SolicitudEntrante } from './solicitud-entrante.entity';

export { PideEntidad, PideTipoDocumento, PideTramite };
export { Integracion };

export const integracionesEntities = [
  Integracion,
  LogSincronizacion,
  SolicitudEntrante,
  PideEntidad,
  PideTipoDocumento,
  PideTramite,
  PideAuditoria,
  IntegracionesOutbox,
  IntegracionesProcessedEvent,
];
