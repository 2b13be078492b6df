import { Entity, Index } from 'typeorm';
import { IdempotenciaRecord } from '../common/idempotencia.base';

@Entity({ schema: 'derivaciones', name: 'idempotencia' })
@Index('idx_derivaciones_idempotencia_created_at', ['createdAt'])
export class DerivacionesIdempotencia extends IdempotenciaRecord {}
