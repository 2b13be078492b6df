import { Entity } from 'typeorm';
import { OutboxRecord, ProcessedEventRecord } from '../common/outbox.base';

@Entity({ schema: 'reportes', name: 'outbox' })
export class ReportesOutbox extends OutboxRecord {}

@Entity({ schema: 'reportes', name: 'processed_events' })
export class ReportesProcessedEvent extends ProcessedEventRecord {}
