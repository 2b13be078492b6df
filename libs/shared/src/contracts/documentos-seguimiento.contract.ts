import { Actor } from './auth.contract';
import { EstadoDocumento } from './enums';

/** The receipt (cargo) with its QR, and the citizens' public tracking. */
export const SeguimientoPatterns = {
  COMPROBANTE: 'documentos.comprobante',
  QR: 'documentos.qr',
  SEGUIMIENTO: 'documentos.seguimiento',
} as const;

export const SeguimientoErrors = {
  /** Unknown case and wrong code alike, so neither existence nor the code leaks. */
  SEGUIMIENTO_NOT_FOUND: 'SEGUIMIENTO_NOT_FOUND',
  /** The stored code was not derived with the current secret (the secret was rotated since). */
  COMPROBANTE_NO_DISPONIBLE: 'COMPROBANTE_NO_DISPONIBLE',
} as const;

export interface ComprobanteRequest {
  actor: Actor;
  id: string;
}

/** Binary bodies cross the bus as base64. */
export interface ComprobanteReply {
  numeroExpediente: string;
  pdfBase64: string;
}

export interface QrReply {
  numeroExpediente: string;
  pngBase64: string;
}

export interface SeguimientoRequest {
  numeroExpediente: string;
  codigo: string;
}

type EventoSeguimiento = 'REGISTRADO' | 'CAMBIO_ESTADO' | 'CAMBIO_AREA';

/** One dated public fact: what happened and where the case stood afterwards. */
export interface MovimientoPublico {
  fecha: string;
  evento: EventoSeguimiento;
  estado: EstadoDocumento | null;
  area: string | null;
}

/** Everything a citizen is told, and nothing more (no ids, people, attachments or tags). */
export interface SeguimientoPublico {
  numeroExpediente: string;
  estado: EstadoDocumento;
  areaActual: string | null;
  fechaRecepcion: string;
  fechaLimite: string | null;
  movimientos: MovimientoPublico[];
}
