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

/** The same DTO from a raw row (snake_case), as the single-statement registration returns it. */
export function rowToDocumentoDto(r: Record<string, any>): DocumentoDto {
  return {
    id: r.id,
    numeroExpediente: r.numero_expediente,
    tipoDocumentoId: r.tipo_documento_id,
    numeroDocumentoExterno: r.numero_documento_externo,
    remitente: r.remitente,
    asunto: r.asunto,
    numeroFolios: r.numero_folios,
    tieneAnexos: r.tiene_anexos,
    prioridad: r.prioridad,
    estado: r.estado,
    fechaPresentacion: r.fecha_presentacion.toISOString(),
    fechaRecepcion: r.fecha_recepcion.toISOString(),
    fechaLimite: iso(r.fecha_limite),
    areaActualId: r.area_actual_id,
    usuarioRegistroId: r.usuario_registro_id,
    expedienteRelacionadoId: r.expediente_relacionado_id,
    etiquetas: r.etiquetas,
    observaciones: r.observaciones,
    origenExterno: r.origen_externo,
    idExterno: r.id_externo,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
