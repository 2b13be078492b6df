import { DocumentoActualizadoEvent } from '@mesa/shared/contracts';

/** `documento.actualizado` from the document as it now stands (every writer of the event builds it here). */
export function documentoActualizado(
  d: Omit<DocumentoActualizadoEvent, 'secuenciaMovimiento'>,
  secuenciaMovimiento?: number,
): DocumentoActualizadoEvent {
  return {
    id: d.id,
    numeroExpediente: d.numeroExpediente,
    asunto: d.asunto,
    estado: d.estado,
    areaActualId: d.areaActualId,
    prioridad: d.prioridad,
    fechaLimite: d.fechaLimite,
    version: d.version,
    ...(secuenciaMovimiento !== undefined ? { secuenciaMovimiento } : {}),
  };
}
