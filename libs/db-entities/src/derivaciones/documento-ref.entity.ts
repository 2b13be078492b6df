import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EstadoDocumento } from '@mesa/shared/contracts';

/**
 * derivaciones' read copy of the document facts it needs, written only from documentos' events
 * (and its answer when a registration event is late). An update applies only if its document
 * version is newer than the copy's, and each event id only once, so late or repeated events are
 * harmless.
 */
@Entity({ schema: 'derivaciones', name: 'documento_ref' })
export class DocumentoRef {
  @PrimaryColumn({ name: 'documento_id', type: 'uuid' })
  documentoId: string;

  @Column({ name: 'numero_expediente', type: 'varchar', length: 20 })
  numeroExpediente: string;

  @Column({ type: 'varchar', length: 500 })
  asunto: string;

  @Column({ type: 'enum', enum: EstadoDocumento, enumName: 'estado_documento' })
  estado: EstadoDocumento;

  @Column({ name: 'area_actual_id', type: 'int', nullable: true })
  areaActualId: number | null;

  /** The last of derivaciones' movements documentos has answered (a number only grows). */
  @Column({ name: 'secuencia_respondida', type: 'int', default: 0 })
  secuenciaRespondida: number;

  /** The document's version in documentos this copy reflects (0: not known, the next update applies). */
  @Column({ name: 'version_documento', type: 'int', default: 0 })
  versionDocumento: number;

  /** When the copy last changed. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
