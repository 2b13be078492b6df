import { Entity } from 'typeorm';
import { OutboxRecord, ProcessedEventRecord } from '../common/outbox.base';

@Entity({ schema: 'derivaciones', name: 'outbox' })
export class DerivacionesOutbox extends OutboxRecord {}

@Entity({ schema: 'derivaciones', name: 'processed_events' })
export class DerivacionesProcessedEvent extends ProcessedEventRecord {}
