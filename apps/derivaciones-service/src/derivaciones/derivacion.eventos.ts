import {
  AccionesMovimiento,
  AccionMovimiento,
  Actor,
  Events,
  MovimientoDocumentoEvent,
  TiposNotificacion,
} from '@mesa/shared/contracts';
import type { OutboxEvent } from '@mesa/shared/bus';
import type { NuevaNotificacion } from '../notificaciones/notificaciones.repository';
import type { DerivacionRow, DocumentoRefRow } from './derivacion.mapper';

// What a routing or an action announces: the movement event documentos applies (it owns the
// document's state) and the notifications of the offices concerned.

/** The schema of derivaciones' outbox and idempotency keys. */
export const SCHEMA = 'derivaciones';

function aviso(
  clave: string,
  areaId: number,
  tipo: string,
  titulo: string,
  mensaje: string,
  referenciaId: string,
): NuevaNotificacion {
  return {
    usuarioId: null,
    areaId,
    tipo,
    titulo,
    mensaje,
    referenciaId,
    dedupeKey: `${clave}:area:${areaId}`,
  };
}

/** The office a derivation came from hears that it was rejected, and why. */
export function avisoDeRechazo(d: DerivacionRow, areaOrigenId: number, motivo: string): NuevaNotificacion {
  return aviso(
    `rechazo:${d.id}`,
    areaOrigenId,
    TiposNotificacion.DERIVACION_RECHAZADA,
    'Derivación rechazada',
    `${d.numero_expediente}: ${motivo}`,
    d.id,
  );
}

/** The receiving office hears of a routing once, and once more when it is urgent. */
export function avisosDeDerivacion(d: DerivacionRow, clave = `derivacion:${d.id}`): NuevaNotificacion[] {
  const avisos = [
    aviso(
      clave,
      d.area_destino_id,
      TiposNotificacion.DERIVACION_RECIBIDA,
      d.es_copia ? 'Copia de documento' : 'Documento derivado a su área',
      `${d.numero_expediente}: ${d.asunto}`,
      d.id,
    ),
  ];
  if (d.es_urgente) {
    avisos.push(
      aviso(
        `${clave}:urgente`,
        d.area_destino_id,
        TiposNotificacion.DERIVACION_URGENTE,
        'Derivación urgente',
        `${d.numero_expediente}: ${d.asunto}`,
        d.id,
      ),
    );
  }
  return avisos;
}

export function movimiento(
  d: DerivacionRow,
  accion: AccionMovimiento,
  doc: DocumentoRefRow,
  actor: Actor,
  textoMovimiento: string | null,
): OutboxEvent {
  const data: MovimientoDocumentoEvent = {
    derivacionId: d.id,
    numeroDerivacion: d.numero_derivacion,
    documentoId: d.documento_id,
    accion,
    secuencia: doc.secuencia,
    estado: doc.estado,
    areaActualId: doc.area_actual_id,
    areaOrigenId: d.area_origen_id,
    areaDestinoId: d.area_destino_id,
    usuarioId: actor.userId,
    texto: textoMovimiento,
    fecha: new Date().toISOString(),
  };
  return {
    pattern: accion === AccionesMovimiento.DERIVACION ? Events.DERIVACION_CREADA : Events.DERIVACION_ACTUALIZADA,
    data,
  };
}
