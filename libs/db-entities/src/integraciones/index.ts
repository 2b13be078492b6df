import { Integracion } from './integracion.entity';
import { LogSincronizacion } from './log-sincronizacion.entity';
import { IntegracionesOutbox, IntegracionesProcessedEvent } from './outbox.entity';
import { SolicitudEntrante } from './solicitud-entrante.entity';

export { Integracion };

export const integracionesEntities = [
  Integracion,
  LogSincronizacion,
  SolicitudEntrante,
  IntegracionesOutbox,
  IntegracionesProcessedEvent,
];
