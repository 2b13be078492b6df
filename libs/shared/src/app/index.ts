export * from './bootstrap';
export * from './bus-client.service';
export * from './bus-clients.module';
export * from './http-observability';
export * from './json-depth';
export * from './problem-details.filter';
export * from './core.module';
export * from './infrastructure';
