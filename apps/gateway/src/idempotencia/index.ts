export * from './idempotencia.interceptor';
export * from './idempotencia.store';
export * from './idempotente.decorator';
export * from './clave.decorator';
