import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EventoAcceso = 'LOGIN_FALLIDO' | 'BLOQUEO_USUARIO' | 'BLOQUEO_DIRECCION' | 'REUSO_REFRESH';

/**
 * Sign-in events worth an audit: failures, lockouts, refresh-token reuse. No password, and no
 * typed username: `usuario_id` only when the name is a user's (an unknown one may be a password).
 */
@Entity({ schema: 'gateway', name: 'auditoria_acceso' })
export class AuditoriaAcceso {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 30 })
  evento: EventoAcceso;

  @Column({ name: 'usuario_id', type: 'uuid', nullable: true })
  usuarioId: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
