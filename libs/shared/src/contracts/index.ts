export * from './enums';
export * from './services';
export * from './pagination';
export * from './auth.contract';
export * from './documentos.contract';
export * from './documentos-lote.contract';
export * from './documentos-tramite.contract';
export * from './documentos-consultas.contract';
