import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ schema: 'documentos', name: 'tipo_documento' })
@Index('uq_tipo_documento_codigo', ['codigo'], { unique: true })
export class TipoDocumento {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 20 })
  codigo: string;

  @Column({ type: 'varchar', length: 150 })
  nombre: string;

  /** Term to attend a document of this type, in business days. */
  @Column({ name: 'plazo_dias', type: 'int' })
  plazoDias: number;

  @Column({ type: 'boolean', default: true })
  activo: boolean;
}
