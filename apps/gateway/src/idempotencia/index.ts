export * from './idempotencia.interceptor';
export * from './idempotencia.repository';
export * from './idempotente.decorator';
export * from './clave.decorator';
