import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { EstadoDocumento, Prioridad } from '@mesa/shared/contracts';
import { Area } from './area.entity';
import { TipoDocumento } from './tipo-documento.entity';

/**
 * A registered case. Lists are keyset-paginated newest first, so every list index ends with
 * (fecha_recepcion, id); an AREA user's list always filters by area, with or without a state.
 */
@Entity({ schema: 'documentos', name: 'documento' })
@Index('uq_documento_numero_expediente', ['numeroExpediente'], { unique: true })
@Index('uq_documento_codigo_seguimiento_hash', ['codigoSeguimientoHash'], { unique: true })
@Index('uq_documento_origen_externo', ['origenExterno', 'idExterno'], { unique: true })
@Index('idx_documento_fecha', ['fechaRecepcion', 'id'])
@Index('idx_documento_estado_fecha', ['estado', 'fechaRecepcion', 'id'])
@Index('idx_documento_area_fecha', ['areaActualId', 'fechaRecepcion', 'id'])
@Index('idx_documento_area_estado_fecha', ['areaActualId', 'estado', 'fechaRecepcion', 'id'])
@Index('idx_documento_prioridad_fecha', ['prioridad', 'fechaRecepcion', 'id'])
@Index('idx_documento_tipo_fecha', ['tipoDocumentoId', 'fechaRecepcion', 'id'])
@Index('idx_documento_vencimiento', ['fechaLimite', 'id'], { where: "estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO')" })
@Index('idx_documento_area_vencimiento', ['areaActualId', 'fechaLimite', 'id'], {
  where: "estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO')",
})
@Index('idx_documento_subsanacion', ['fechaLimiteSubsanacion'], { where: "estado = 'OBSERVADO'" })
// GIN indexes (tsvector, gin_trgm_ops) cannot be described to TypeORM: they are declared on
// their columns below with synchronize: false, created by the migration, and left alone by the
// schema builder.
export class Documento {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** EXP-YYYY-NNNNNN from contador_expediente. Trigram index: search by a partial number. */
  @Index('idx_documento_numero_expediente_trgm', { synchronize: false })
  @Column({ name: 'numero_expediente', type: 'varchar', length: 20 })
  numeroExpediente: string;

  @Column({ name: 'tipo_documento_id', type: 'int' })
  tipoDocumentoId: number;

  @ManyToOne(() => TipoDocumento)
  @JoinColumn({ name: 'tipo_documento_id', foreignKeyConstraintName: 'fk_documento_tipo_documento' })
  tipoDocumento?: TipoDocumento;

  @Column({ name: 'numero_documento_externo', type: 'varchar', length: 100, nullable: true })
  numeroDocumentoExterno: string | null;

  /** Trigram index: search by part of a sender's name. */
  @Index('idx_documento_remitente_trgm', { synchronize: false })
  @Column({ type: 'varchar', length: 255 })
  remitente: string;

  @Column({ type: 'varchar', length: 500 })
  asunto: string;

  @Column({ name: 'numero_folios', type: 'int', default: 1 })
  numeroFolios: number;

  @Column({ name: 'tiene_anexos', type: 'boolean', default: false })
  tieneAnexos: boolean;

  @Column({ type: 'enum', enum: Prioridad, enumName: 'prioridad', default: Prioridad.NORMAL })
  prioridad: Prioridad;

  @Column({ type: 'enum', enum: EstadoDocumento, enumName: 'estado_documento', default: EstadoDocumento.REGISTRADO })
  estado: EstadoDocumento;

  /** When it was filed (the desk is open around the clock). */
  @Column({ name: 'fecha_presentacion', type: 'timestamptz' })
  fechaPresentacion: Date;

  /** When the filing legally counts (after the cutoff: the next business day). */
  @Column({ name: 'fecha_recepcion', type: 'timestamptz' })
  fechaRecepcion: Date;

  @Column({ name: 'fecha_limite', type: 'timestamptz', nullable: true })
  fechaLimite: Date | null;

  /** gateway.usuario.id (no foreign key across schemas). */
  @Column({ name: 'usuario_registro_id', type: 'uuid', nullable: true })
  usuarioRegistroId: string | null;

  @Column({ name: 'area_actual_id', type: 'int', nullable: true })
  areaActualId: number | null;

  @ManyToOne(() => Area)
  @JoinColumn({ name: 'area_actual_id', foreignKeyConstraintName: 'fk_documento_area_actual' })
  areaActual?: Area | null;

  /** SHA-256 hex of the citizen's tracking code printed on the receipt; the code itself is never stored. */
  @Column({ name: 'codigo_seguimiento_hash', type: 'varchar', length: 64 })
  codigoSeguimientoHash: string;

  @Column({ name: 'expediente_relacionado_id', type: 'uuid', nullable: true })
  expedienteRelacionadoId: string | null;

  @ManyToOne(() => Documento)
  @JoinColumn({ name: 'expediente_relacionado_id', foreignKeyConstraintName: 'fk_documento_expediente_relacionado' })
  expedienteRelacionado?: Documento | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  etiquetas: string[];

  @Column({ type: 'text', nullable: true })
  observaciones: string | null;

  /** With id_externo, identifies an inbound document so registering it twice gives one case. */
  @Column({ name: 'origen_externo', type: 'varchar', length: 50, nullable: true })
  origenExterno: string | null;

  @Column({ name: 'id_externo', type: 'varchar', length: 100, nullable: true })
  idExterno: string | null;

  /** Set while OBSERVADO: the term does not run until the sender corrects the filing. */
  @Column({ name: 'plazo_pausado_desde', type: 'timestamptz', nullable: true })
  plazoPausadoDesde: Date | null;

  @Column({ name: 'dias_pausados', type: 'int', default: 0 })
  diasPausados: number;

  /** While OBSERVADO: the state a correction returns it to. */
  @Column({ name: 'estado_previo', type: 'enum', enum: EstadoDocumento, enumName: 'estado_documento', nullable: true })
  estadoPrevio: EstadoDocumento | null;

  /** While OBSERVADO: the last instant to correct; after it the filing counts as not presented. */
  @Column({ name: 'fecha_limite_subsanacion', type: 'timestamptz', nullable: true })
  fechaLimiteSubsanacion: Date | null;

  /** Maintained by PostgreSQL; query it with DOCUMENTOS_SEARCH_CONFIG. GIN-indexed. */
  @Index('idx_documento_search_vector', { synchronize: false })
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression:
      "setweight(to_tsvector('documentos.es_unaccent'::regconfig, asunto), 'A') || " +
      "setweight(to_tsvector('documentos.es_unaccent'::regconfig, remitente), 'B') || " +
      "setweight(to_tsvector('documentos.es_unaccent'::regconfig, coalesce(numero_documento_externo, '')), 'C')",
    select: false,
    insert: false,
    update: false,
  })
  searchVector: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;
}
