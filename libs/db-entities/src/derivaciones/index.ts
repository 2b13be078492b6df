import { ContadorDerivacion } from './contador-derivacion.entity';
import { Derivacion } from './derivacion.entity';
import { DocumentoRef } from './documento-ref.entity';
import { DerivacionesIdempotencia } from './idempotencia.entity';
import { MovimientoSolicitado } from './movimiento-solicitado.entity';
import { Notificacion } from './notificacion.entity';
import { DerivacionesOutbox, DerivacionesProcessedEvent } from './outbox.entity';

export const derivacionesEntities = [
  ContadorDerivacion,
  Derivacion,
  DocumentoRef,
  MovimientoSolicitado,
  Notificacion,
  DerivacionesOutbox,
  DerivacionesProcessedEvent,
  DerivacionesIdempotencia,
];
