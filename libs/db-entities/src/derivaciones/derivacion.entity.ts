import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { EstadoDerivacion } from '@mesa/shared/contracts';

/**
 * A routing of a document from one office to another. The case number and subject are copies
 * (kept current by documentos events) so trays never ask another service per row.
 */
@Entity({ schema: 'derivaciones', name: 'derivacion' })
@Index('uq_derivacion_numero', ['numeroDerivacion'], { unique: true })
@Index('idx_derivacion_area_estado_fecha', ['areaDestinoId', 'estado', 'fechaDerivacion', 'id'])
@Index('idx_derivacion_documento_fecha', ['documentoId', 'fechaDerivacion'])
@Index('idx_derivacion_fecha_limite', ['fechaLimiteAtencion'], { where: "estado IN ('PENDIENTE', 'RECIBIDO')" })
@Index('idx_derivacion_area_fecha', ['areaDestinoId', 'fechaDerivacion', 'id'])
@Index('idx_derivacion_area_limite_abiertas', ['areaDestinoId', 'fechaLimiteAtencion', 'id'], { where: "estado IN ('PENDIENTE', 'RECIBIDO')" })
@Index('idx_derivacion_recibe_fecha', ['usuarioRecibeId', 'fechaDerivacion', 'id'], { where: "estado = 'RECIBIDO'" })
export class Derivacion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'numero_derivacion', type: 'varchar', length: 20 })
  numeroDerivacion: string;

  /** documentos.documento.id (no foreign key across schemas). */
  @Column({ name: 'documento_id', type: 'uuid' })
  documentoId: string;

  @Column({ name: 'numero_expediente', type: 'varchar', length: 20 })
  numeroExpediente: string;

  @Column({ type: 'varchar', length: 500 })
  asunto: string;

  @Column({ name: 'area_origen_id', type: 'int', nullable: true })
  areaOrigenId: number | null;

  @Column({ name: 'area_destino_id', type: 'int' })
  areaDestinoId: number;

  @Column({ name: 'usuario_deriva_id', type: 'uuid', nullable: true })
  usuarioDerivaId: string | null;

  @Column({ name: 'usuario_recibe_id', type: 'uuid', nullable: true })
  usuarioRecibeId: string | null;

  @Column({ name: 'usuario_atiende_id', type: 'uuid', nullable: true })
  usuarioAtiendeId: string | null;

  @Column({ type: 'text' })
  instrucciones: string;

  @Column({ type: 'text', nullable: true })
  observaciones: string | null;

  @Column({ name: 'motivo_rechazo', type: 'text', nullable: true })
  motivoRechazo: string | null;

  @Column({ type: 'text', nullable: true })
  respuesta: string | null;

  @Column({ name: 'fecha_derivacion', type: 'timestamptz', default: () => 'now()' })
  fechaDerivacion: Date;

  @Column({ name: 'fecha_recepcion', type: 'timestamptz', nullable: true })
  fechaRecepcion: Date | null;

  @Column({ name: 'fecha_atencion', type: 'timestamptz', nullable: true })
  fechaAtencion: Date | null;

  @Column({ name: 'fecha_limite_atencion', type: 'timestamptz', nullable: true })
  fechaLimiteAtencion: Date | null;

  @Column({ type: 'enum', enum: EstadoDerivacion, enumName: 'estado_derivacion', default: EstadoDerivacion.PENDIENTE })
  estado: EstadoDerivacion;

  @Column({ name: 'es_urgente', type: 'boolean', default: false })
  esUrgente: boolean;

  @Column({ name: 'requiere_respuesta', type: 'boolean', default: false })
  requiereRespuesta: boolean;

  /** A copy for information: it does not move the document. */
  @Column({ name: 'es_copia', type: 'boolean', default: false })
  esCopia: boolean;

  @Column({ name: 'derivacion_padre_id', type: 'uuid', nullable: true })
  derivacionPadreId: string | null;

  @ManyToOne(() => Derivacion)
  @JoinColumn({ name: 'derivacion_padre_id', foreignKeyConstraintName: 'fk_derivacion_padre' })
  derivacionPadre?: Derivacion | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
