import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EstadoSync, OperacionSync } from '@mesa/shared/contracts';
import { Integracion } from './integracion.entity';

/** One attempt to exchange a document with an integration. */
@Entity({ schema: 'integraciones', name: 'log_sincronizacion' })
@Index('idx_log_integracion_fecha', ['integracionId', 'createdAt', 'id'])
@Index('idx_log_documento_fecha', ['documentoId', 'createdAt', 'id'])
@Index('idx_log_dlq_integracion_fecha', ['integracionId', 'createdAt', 'id'], { where: 'en_dlq' })
@Index('idx_log_recepcion_externo', ['integracionId', 'idExterno', 'createdAt'], { where: "operacion = 'RECEPCION'" })
export class LogSincronizacion {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'integracion_id', type: 'uuid' })
  integracionId: string;

  @ManyToOne(() => Integracion)
  @JoinColumn({ name: 'integracion_id', foreignKeyConstraintName: 'fk_log_sincronizacion_integracion' })
  integracion?: Integracion;

  @Column({ name: 'documento_id', type: 'uuid', nullable: true })
  documentoId: string | null;

  @Column({ name: 'documento_numero_expediente', type: 'varchar', length: 20, nullable: true })
  documentoNumeroExpediente: string | null;

  @Column({ type: 'enum', enum: OperacionSync, enumName: 'operacion_sync' })
  operacion: OperacionSync;

  /** The event that caused a send (or `manual`), to replay it as such. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  evento: string | null;

  @Column({ type: 'enum', enum: EstadoSync, enumName: 'estado_sync', default: EstadoSync.PENDIENTE })
  estado: EstadoSync;

  @Column({ name: 'codigo_respuesta', type: 'int', nullable: true })
  codigoRespuesta: number | null;

  @Column({ name: 'mensaje_error', type: 'text', nullable: true })
  mensajeError: string | null;

  @Column({ name: 'numero_intento', type: 'int', default: 1 })
  numeroIntento: number;

  @Column({ name: 'fecha_proximo_reintento', type: 'timestamptz', nullable: true })
  fechaProximoReintento: Date | null;

  @Column({ name: 'tiempo_respuesta_ms', type: 'int', nullable: true })
  tiempoRespuestaMs: number | null;

  @Column({ name: 'id_externo', type: 'varchar', length: 100, nullable: true })
  idExterno: string | null;

  /** Retries exhausted: listed for manual replay. */
  @Column({ name: 'en_dlq', type: 'boolean', default: false })
  enDlq: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
