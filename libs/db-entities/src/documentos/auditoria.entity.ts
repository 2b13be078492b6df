import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who changed which document, when and from where, before and after (Ley 29733); reads are in
 * `lectura`. Append-only: a trigger refuses UPDATE and DELETE, since the owner role cannot be
 * denied them by REVOKE. Indexed for a document's history; every change writes a row here, so
 * no index without a query that needs it.
 */
@Entity({ schema: 'documentos', name: 'auditoria' })
@Index('idx_auditoria_documento_fecha', ['documentoId', 'createdAt', 'id'])
export class Auditoria {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'documento_id', type: 'uuid', nullable: true })
  documentoId: string | null;

  @Column({ type: 'varchar', length: 50 })
  accion: string;

  @Column({ name: 'usuario_id', type: 'uuid', nullable: true })
  usuarioId: string | null;

  @Column({ type: 'inet', nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', nullable: true })
  antes: unknown;

  @Column({ type: 'jsonb', nullable: true })
  despues: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
