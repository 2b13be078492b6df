export * from './gateway';
export * from './documentos';
export * from './derivaciones';
export * from './integraciones';
export * from './reportes';
export { allEntities } from './entities';
export { migrations, MIGRATIONS_TABLE } from './migrations';
export { buildDataSourceOptions, DEFAULT_DATABASE_URL } from './data-source-options';
export { migrateDatabase, REQUIRED_EXTENSIONS } from './migrate';
