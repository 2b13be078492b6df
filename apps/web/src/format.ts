/** Dates and words as the desk says them. */
const fecha = new Intl.DateTimeFormat('es-PE', { dateStyle: 'medium', timeZone: 'America/Lima' });
const fechaHora = new Intl.DateTimeFormat('es-PE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Lima' });

export const formatFecha = (iso?: string | null) => (iso ? fecha.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '—');
export const formatFechaHora = (iso?: string | null) => (iso ? fechaHora.format(new Date(iso)) : '—');

export const ESTADO_DOCUMENTO: Record<string, string> = {
  REGISTRADO: 'Registrado',
  EN_PROCESO: 'En proceso',
  OBSERVADO: 'Observado',
  ATENDIDO: 'Atendido',
  ARCHIVADO: 'Archivado',
  NO_PRESENTADO: 'No presentado',
};

export const ESTADO_DERIVACION: Record<string, string> = {
  PENDIENTE: 'Pendiente de recepción',
  RECIBIDO: 'Recibido',
  ATENDIDO: 'Atendido',
  RECHAZADO: 'Rechazado',
};

export const PRIORIDAD: Record<string, string> = { NORMAL: 'Normal', ALTA: 'Alta', URGENTE: 'Urgente' };

export const tamano = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
