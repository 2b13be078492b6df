import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Inbound request ids already accepted from an integration: a replayed request is refused. */
@Entity({ schema: 'integraciones', name: 'solicitud_entrante' })
@Index('idx_solicitud_entrante_created_at', ['createdAt'])
export class SolicitudEntrante {
  @PrimaryColumn({ name: 'integracion_id', type: 'uuid' })
  integracionId: string;

  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 100 })
  requestId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
