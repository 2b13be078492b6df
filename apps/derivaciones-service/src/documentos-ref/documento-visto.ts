import { EstadoDocumento } from '@mesa/shared/contracts';

/**
 * derivaciones' read copy of a document (written only from documentos' events) beside the last
 * movement derivaciones asked documentos for, as one query reads them.
 */
export interface FilaDocumentoRef {
  documento_id: string;
  numero_expediente: string;
  asunto: string;
  estado: EstadoDocumento;
  area_actual_id: number | null;
  secuencia_respondida: number;
  /** null: derivaciones never moved the document. */
  secuencia: number | null;
  secuencia_cambio: number | null;
  estado_solicitado: EstadoDocumento | null;
  area_solicitada: number | null;
}

/** The copy and the last requested movement of the documents; `FOR UPDATE OF r` locks the copies. */
export const DOCUMENTOS_REF = `
  SELECT r.documento_id, r.numero_expediente, r.asunto, r.estado, r.area_actual_id, r.secuencia_respondida,
         s.secuencia, s.secuencia_cambio, s.estado AS estado_solicitado, s.area_actual_id AS area_solicitada
    FROM derivaciones.documento_ref r
    LEFT JOIN derivaciones.movimiento_solicitado s ON s.documento_id = r.documento_id`;

/** A document as derivaciones sees it when it routes: its state and office, and its movements. */
export interface DocumentoRefRow {
  documento_id: string;
  numero_expediente: string;
  asunto: string;
  estado: EstadoDocumento;
  area_actual_id: number | null;
  /** Movements derivaciones asked for so far; the next one carries secuencia + 1. */
  secuencia: number;
  /** The last of them that asked for another state or office. */
  secuencia_cambio: number;
}

/**
 * documentos decides a document's state and office. Until documentos has answered the last
 * movement that asked to change them, derivaciones sees the document as it asked (a clerk routes
 * on from where the last routing put it, even while documentos is catching up); once it has,
 * derivaciones sees what documentos says, whether it applied the movement or kept its own state.
 */
export function documentoVisto(f: FilaDocumentoRef): DocumentoRefRow {
  const secuencia = f.secuencia ?? 0;
  const cambio = f.secuencia_cambio ?? 0;
  const pendiente = cambio > f.secuencia_respondida && f.estado_solicitado !== null;
  return {
    documento_id: f.documento_id,
    numero_expediente: f.numero_expediente,
    asunto: f.asunto,
    estado: pendiente ? (f.estado_solicitado as EstadoDocumento) : f.estado,
    area_actual_id: pendiente ? f.area_solicitada : f.area_actual_id,
    secuencia,
    secuencia_cambio: cambio,
  };
}

/** The movement that asks documentos for this state and office, numbered after the document's last one. */
export function siguienteMovimiento(
  doc: DocumentoRefRow,
  estado: EstadoDocumento,
  areaActualId: number | null,
): DocumentoRefRow {
  const secuencia = doc.secuencia + 1;
  const cambia = estado !== doc.estado || areaActualId !== doc.area_actual_id;
  return {
    ...doc,
    estado,
    area_actual_id: areaActualId,
    secuencia,
    secuencia_cambio: cambia ? secuencia : doc.secuencia_cambio,
  };
}
