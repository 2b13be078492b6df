export * from './lifecycle.state';
export * from './health.module';
export * from './health.controller';
export * from './liveness';
