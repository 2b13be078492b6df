import { DerivacionDto, DocumentoRefDto, EstadoDerivacion } from '@mesa/shared/contracts';
import { DocumentoRefRow } from '../documentos-ref/documento-visto';

export type { DocumentoRefRow };

/** A derivacion row as PostgreSQL returns it (snake_case columns). */
export interface DerivacionRow {
  id: string;
  numero_derivacion: string;
  documento_id: string;
  numero_expediente: string;
  asunto: string;
  area_origen_id: number | null;
  area_destino_id: number;
  usuario_deriva_id: string | null;
  usuario_recibe_id: string | null;
  usuario_atiende_id: string | null;
  instrucciones: string;
  observaciones: string | null;
  motivo_rechazo: string | null;
  respuesta: string | null;
  fecha_derivacion: Date;
  fecha_recepcion: Date | null;
  fecha_atencion: Date | null;
  fecha_limite_atencion: Date | null;
  estado: EstadoDerivacion;
  es_urgente: boolean;
  requiere_respuesta: boolean;
  es_copia: boolean;
  derivacion_padre_id: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function esAbierta(estado: EstadoDerivacion): boolean {
  return estado === EstadoDerivacion.PENDIENTE || estado === EstadoDerivacion.RECIBIDO;
}

export function toDerivacionDto(r: DerivacionRow, ahora = new Date()): DerivacionDto {
  return {
    id: r.id,
    numeroDerivacion: r.numero_derivacion,
    documentoId: r.documento_id,
    numeroExpediente: r.numero_expediente,
    asunto: r.asunto,
    areaOrigenId: r.area_origen_id,
    areaDestinoId: r.area_destino_id,
    usuarioDerivaId: r.usuario_deriva_id,
    usuarioRecibeId: r.usuario_recibe_id,
    usuarioAtiendeId: r.usuario_atiende_id,
    instrucciones: r.instrucciones,
    observaciones: r.observaciones,
    motivoRechazo: r.motivo_rechazo,
    respuesta: r.respuesta,
    fechaDerivacion: iso(r.fecha_derivacion) as string,
    fechaRecepcion: iso(r.fecha_recepcion),
    fechaAtencion: iso(r.fecha_atencion),
    fechaLimiteAtencion: iso(r.fecha_limite_atencion),
    estado: r.estado,
    esUrgente: r.es_urgente,
    requiereRespuesta: r.requiere_respuesta,
    esCopia: r.es_copia,
    derivacionPadreId: r.derivacion_padre_id,
    vencida:
      esAbierta(r.estado) && !!r.fecha_limite_atencion && new Date(r.fecha_limite_atencion).getTime() < ahora.getTime(),
  };
}

export function toDocumentoRefDto(r: DocumentoRefRow): DocumentoRefDto {
  return {
    id: r.documento_id,
    numeroExpediente: r.numero_expediente,
    asunto: r.asunto,
    estado: r.estado,
    areaActualId: r.area_actual_id,
  };
}
