import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Rol } from '@mesa/shared/contracts';

@Entity({ schema: 'gateway', name: 'usuario' })
@Index('uq_usuario_username', ['username'], { unique: true })
export class Usuario {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 50 })
  username: string;

  /** `scrypt$N$salt$hash`; never leaves the gateway. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 150 })
  nombre: string;

  @Column({ type: 'enum', enum: Rol, enumName: 'rol' })
  rol: Rol;

  /** The office an AREA user is scoped to (documentos.area.id; no foreign key across schemas). */
  @Column({ name: 'area_id', type: 'int', nullable: true })
  areaId: number | null;

  @Column({ type: 'boolean', default: true })
  activo: boolean;

  /**
   * Raised by a trigger when `activo`, `rol` or `area_id` change: access tokens issued under an
   * earlier version stop working.
   */
  @Column({ name: 'token_version', type: 'int', default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
