export { QueueModule, queueProbe, queueProbeProviders } from './queue.module';
export { JOB_DEFAULTS, queueConnection, queuePrefix, queueRedisUrl } from './queue.connection';
export { failureReason, observeQueue, observeWorker } from './queue.metrics';
