import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An in-app notification for a user, or for every user of an office (usuario_id null).
 * dedupe_key makes a redelivered event produce one notification.
 */
@Entity({ schema: 'derivaciones', name: 'notificacion' })
@Index('uq_notificacion_dedupe_key', ['dedupeKey'], { unique: true })
@Index('idx_notificacion_usuario_leida_fecha', ['usuarioId', 'leida', 'createdAt', 'id'])
@Index('idx_notificacion_area_leida_fecha', ['areaId', 'leida', 'createdAt', 'id'])
export class Notificacion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'usuario_id', type: 'uuid', nullable: true })
  usuarioId: string | null;

  @Column({ name: 'area_id', type: 'int', nullable: true })
  areaId: number | null;

  @Column({ type: 'varchar', length: 50 })
  tipo: string;

  @Column({ type: 'varchar', length: 200 })
  titulo: string;

  @Column({ type: 'text' })
  mensaje: string;

  /** Id of what it is about (a derivation, a document, a report job). */
  @Column({ name: 'referencia_id', type: 'varchar', length: 100, nullable: true })
  referenciaId: string | null;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ type: 'boolean', default: false })
  leida: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'leida_at', type: 'timestamptz', nullable: true })
  leidaAt: Date | null;
}
