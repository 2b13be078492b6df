import { ArchivoAdjunto } from './archivo-adjunto.entity';
import { Area } from './area.entity';
import { Auditoria } from './auditoria.entity';
import { ContadorExpediente } from './contador-expediente.entity';
import { Documento } from './documento.entity';
import { Feriado } from './feriado.entity';
import { DocumentosIdempotencia } from './idempotencia.entity';
import { Lectura } from './lectura.entity';
import { DocumentosOutbox, DocumentosProcessedEvent } from './outbox.entity';
import { TipoDocumento } from './tipo-documento.entity';

export { Area, Documento, Feriado, TipoDocumento };
export { DOCUMENTOS_SEARCH_CONFIG } from './search';

export const documentosEntities = [
  Area,
  TipoDocumento,
  Feriado,
  ContadorExpediente,
  Documento,
  ArchivoAdjunto,
  Auditoria,
  Lectura,
  DocumentosOutbox,
  DocumentosProcessedEvent,
  DocumentosIdempotencia,
];
