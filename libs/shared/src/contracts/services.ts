/** Bus service names: each is one request stream and one consumer group. */
export const Services = {
  DOCUMENTOS: 'documentos',
  DERIVACIONES: 'derivaciones',
  INTEGRACIONES: 'integraciones',
  REPORTES: 'reportes',
} as const;

/** Event names (one stream each); payload types beside them in each contract. */
export const Events = {
  DOCUMENTO_REGISTRADO: 'documento.registrado',
  DOCUMENTO_ACTUALIZADO: 'documento.actualizado',
  DOCUMENTO_ATENDIDO: 'documento.atendido',
  DERIVACION_CREADA: 'derivacion.creada',
  DERIVACION_ACTUALIZADA: 'derivacion.actualizada',
  /** An attachment was stored; reportes-worker queues its processing. */
  ARCHIVO_REGISTRADO: 'archivo.registrado',
} as const;
