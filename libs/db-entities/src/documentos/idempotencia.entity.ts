import { Entity, Index } from 'typeorm';
import { IdempotenciaRecord } from '../common/idempotencia.base';

@Entity({ schema: 'documentos', name: 'idempotencia' })
@Index('idx_documentos_idempotencia_created_at', ['createdAt'])
export class DocumentosIdempotencia extends IdempotenciaRecord {}
