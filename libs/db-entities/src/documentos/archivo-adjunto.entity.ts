import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../common/bigint.transformer';
import { Documento } from './documento.entity';

@Entity({ schema: 'documentos', name: 'archivo_adjunto' })
@Index('idx_archivo_adjunto_documento', ['documentoId', 'createdAt', 'id'])
export class ArchivoAdjunto {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'documento_id', type: 'uuid' })
  documentoId: string;

  @ManyToOne(() => Documento)
  @JoinColumn({ name: 'documento_id', foreignKeyConstraintName: 'fk_archivo_adjunto_documento' })
  documento?: Documento;

  @Column({ type: 'varchar', length: 255 })
  nombre: string;

  @Column({ name: 'tipo_mime', type: 'varchar', length: 100 })
  tipoMime: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  tamano: number;

  /** SHA-256 hex of the content. */
  @Column({ type: 'char', length: 64 })
  hash: string;

  @Column({ name: 'es_principal', type: 'boolean', default: false })
  esPrincipal: boolean;

  @Column({ name: 'storage_key', type: 'varchar', length: 500 })
  storageKey: string;

  /** Set by the attachment-processing job (page count, checks). */
  @Column({ type: 'boolean', default: false })
  procesado: boolean;

  @Column({ type: 'int', nullable: true })
  paginas: number | null;

  /** The PDF's verified signatures (FirmaArchivo[]); null until verified. */
  @Column({ type: 'jsonb', nullable: true })
  firmas: unknown[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'usuario_id', type: 'uuid', nullable: true })
  usuarioId: string | null;
}
