import { Entity } from 'typeorm';
import { OutboxRecord, ProcessedEventRecord } from '../common/outbox.base';

@Entity({ schema: 'integraciones', name: 'outbox' })
export class IntegracionesOutbox extends OutboxRecord {}

@Entity({ schema: 'integraciones', name: 'processed_events' })
export class IntegracionesProcessedEvent extends ProcessedEventRecord {}
