export * from './database.module';
export * from './db-operation';
export * from './slow-query.logger';
export * from './pool-metrics';
export * from './plan-scans';
export * from './settle';
export * from './idempotencia';
export * from './transaccion';
