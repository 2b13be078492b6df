import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An office of the institution that documents are routed to. */
@Entity({ schema: 'documentos', name: 'area' })
@Index('uq_area_codigo', ['codigo'], { unique: true })
export class Area {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 20 })
  codigo: string;

  @Column({ type: 'varchar', length: 150 })
  nombre: string;

  @Column({ type: 'boolean', default: true })
  activa: boolean;
}
