import { Entity } from 'typeorm';
import { OutboxRecord, ProcessedEventRecord } from '../common/outbox.base';

@Entity({ schema: 'documentos', name: 'outbox' })
export class DocumentosOutbox extends OutboxRecord {}

@Entity({ schema: 'documentos', name: 'processed_events' })
export class DocumentosProcessedEvent extends ProcessedEventRecord {}
