import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Usuario } from './usuario.entity';

/** Why a session ended before its time. */
export type MotivoRevocacion = 'LOGOUT' | 'REUSO_REFRESH' | 'USUARIO';

/**
 * One sign-in: a family of rotating refresh tokens, and the `sid` of every access token issued
 * from it. Ends at `expires_at` (no sliding) or when revoked; the purge removes ended rows.
 */
@Entity({ schema: 'gateway', name: 'sesion' })
@Index('idx_sesion_expires_at', ['expiresAt'])
export class Sesion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'usuario_id', type: 'uuid' })
  usuarioId: string;

  @ManyToOne(() => Usuario, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'usuario_id', foreignKeyConstraintName: 'fk_sesion_usuario' })
  usuario?: Usuario;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revocada_at', type: 'timestamptz', nullable: true })
  revocadaAt: Date | null;

  @Column({ name: 'motivo_revocacion', type: 'varchar', length: 20, nullable: true })
  motivoRevocacion: MotivoRevocacion | null;
}
