/** The desk's vocabulary, shared by entities, contracts and the API. */
export enum EstadoDocumento {
  REGISTRADO = 'REGISTRADO',
  EN_PROCESO = 'EN_PROCESO',
  OBSERVADO = 'OBSERVADO',
  ATENDIDO = 'ATENDIDO',
  ARCHIVADO = 'ARCHIVADO',
  NO_PRESENTADO = 'NO_PRESENTADO',
}

export enum Prioridad {
  NORMAL = 'NORMAL',
  ALTA = 'ALTA',
  URGENTE = 'URGENTE',
}

export enum EstadoDerivacion {
  PENDIENTE = 'PENDIENTE',
  RECIBIDO = 'RECIBIDO',
  ATENDIDO = 'ATENDIDO',
  RECHAZADO = 'RECHAZADO',
}

export enum Rol {
  ADMIN = 'ADMIN',
  MESA_PARTES = 'MESA_PARTES',
  AREA = 'AREA',
  AUDITOR = 'AUDITOR',
  SRE = 'SRE',
}

export enum TipoIntegracion {
  API_REST = 'API_REST',
  WEBHOOK = 'WEBHOOK',
  SOAP = 'SOAP',
}

export enum TipoAutenticacion {
  API_KEY = 'API_KEY',
  BEARER = 'BEARER',
  BASIC = 'BASIC',
  NONE = 'NONE',
}

export enum EstadoConexion {
  CONECTADO = 'CONECTADO',
  DESCONECTADO = 'DESCONECTADO',
  ERROR = 'ERROR',
  PROBANDO = 'PROBANDO',
}

export enum OperacionSync {
  ENVIO = 'ENVIO',
  RECEPCION = 'RECEPCION',
  CONSULTA_ESTADO = 'CONSULTA_ESTADO',
}

export enum EstadoSync {
  EXITOSO = 'EXITOSO',
  ERROR = 'ERROR',
  PENDIENTE = 'PENDIENTE',
  REINTENTANDO = 'REINTENTANDO',
}
