import { Documento } from '@mesa/db-entities';
import { DocumentoDto } from '@mesa/shared/contracts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDocumentoDto(d: Documento): DocumentoDto {
  return {
    id: d.id,
    numeroExpediente: d.numeroExpediente,
    tipoDocumentoId: d.tipoDocumentoId,
    numeroDocumentoExterno: d.numeroDocumentoExterno,
    remitente: d.remitente,
    asunto: d.asunto,
    numeroFolios: d.numeroFolios,
    tieneAnexos: d.tieneAnexos,
    prioridad: d.prioridad,
    estado: d.estado,
    fechaPresentacion: d.fechaPresentacion.toISOString(),
    fechaRecepcion: d.fechaRecepcion.toISOString(),
    fechaLimite: iso(d.fechaLimite),
    areaActualId: d.areaActualId,
    usuarioRegistroId: d.usuarioRegistroId,
    expedienteRelacionadoId: d.expedienteRelacionadoId,
    etiquetas: d.etiquetas,
    observaciones: d.observaciones,
    origenExterno: d.origenExterno,
    idExterno: d.idExterno,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
