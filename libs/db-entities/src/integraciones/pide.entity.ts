import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { AuditoriaRegistro } from '../common/auditoria.base';
import type { DireccionPide, EstadoPide } from '@mesa/shared/contracts';

/** Entities we exchange with through PIDE: RUC, name and the endpoint PIDE publishes for them. */
@Entity({ schema: 'integraciones', name: 'pide_entidad' })
@Index('uq_pide_entidad_ruc', ['ruc'], { unique: true })
export class PideEntidad {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 11 })
  ruc: string;

  @Column({ type: 'varchar', length: 200 })
  nombre: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  endpoint: string | null;

  @Column({ type: 'boolean', default: true })
  activa: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** Our document type → the IMGD `ccodtipdoc` code, both ways. */
@Entity({ schema: 'integraciones', name: 'pide_tipo_documento' })
@Index('uq_pide_tipo_documento_ccodtipdoc', ['ccodtipdoc'], { unique: true })
export class PideTipoDocumento {
  @PrimaryColumn({ name: 'tipo_documento_id', type: 'int' })
  tipoDocumentoId: number;

  @Column({ type: 'varchar', length: 5 })
  ccodtipdoc: string;

  @Column({ type: 'varchar', length: 100 })
  nombre: string;
}

/**
 * One exchange by CUO and direction: what arrived (ENTRADA) or what we sent (SALIDA), its IMGD
 * state (cflgest) and the cargo, ours or the other entity's.
 */
@Entity({ schema: 'integraciones', name: 'pide_tramite' })
@Index('uq_pide_tramite_cuo', ['cuo', 'direccion'], { unique: true })
@Index('idx_pide_tramite_documento', ['documentoId'])
export class PideTramite {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  cuo: string;

  @Column({ type: 'varchar', length: 10 })
  direccion: DireccionPide;

  @Column({ name: 'entidad_id', type: 'uuid' })
  entidadId: string;

  @Column({ type: 'varchar', length: 1 })
  estado: EstadoPide;

  @Column({ name: 'documento_id', type: 'uuid', nullable: true })
  documentoId: string | null;

  @Column({ name: 'numero_expediente', type: 'varchar', length: 20, nullable: true })
  numeroExpediente: string | null;

  /** The message's fields besides the files (sender office, document number, addressee…). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  datos: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  observacion: string | null;

  /** The cargo's fields without its PDF. */
  @Column({ type: 'jsonb', nullable: true })
  cargo: Record<string, unknown> | null;

  /** Where the other entity's cargo PDF is stored (SALIDA). */
  @Column({ name: 'cargo_storage_key', type: 'varchar', length: 400, nullable: true })
  cargoStorageKey: string | null;

  @Column({ name: 'cargo_enviado_en', type: 'timestamptz', nullable: true })
  cargoEnviadoEn: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** Who changed the PIDE catalogues, when and from where, before and after (as documentos.auditoria). */
@Entity({ schema: 'integraciones', name: 'pide_auditoria' })
@Index('idx_pide_auditoria_fecha', ['createdAt'])
export class PideAuditoria extends AuditoriaRegistro {}
