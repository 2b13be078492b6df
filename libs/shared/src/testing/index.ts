export * from './ports';
export * from './processes';
export * from './redis-server';
export * from './metrics-text';
export * from './ca-prueba';
