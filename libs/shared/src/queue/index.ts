export { QueueModule, queueProbe, queueProbeProviders } from './queue.module';
export { queueConnection, queuePrefix } from './queue.connection';
export { observeWorker } from './queue.metrics';
