export * from './gateway';
export * from './documentos';
export * from './derivaciones';
export * from './integraciones';
export * from './reportes';
export { migrateDatabase } from './migrate';
