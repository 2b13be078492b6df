import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Sesion } from './sesion.entity';

/** One refresh token of a session, by its SHA-256 (the token itself is never stored). Used once. */
@Entity({ schema: 'gateway', name: 'refresh_token' })
@Index('idx_refresh_token_sesion', ['sesionId'])
export class RefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'sesion_id', type: 'uuid' })
  sesionId: string;

  @ManyToOne(() => Sesion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sesion_id', foreignKeyConstraintName: 'fk_refresh_token_sesion' })
  sesion?: Sesion;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Set when it is exchanged; a second exchange is reuse. */
  @Column({ name: 'usado_at', type: 'timestamptz', nullable: true })
  usadoAt: Date | null;
}
