import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An audit row: what was done, by whom, from where, the row before and after, and when. */
export abstract class AuditoriaRegistro {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

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
