import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EstadoDocumento } from '@mesa/shared/contracts';

/**
 * The last movement derivaciones asked documentos for, per document. documentos decides; until
 * it has answered (`documento_ref.secuencia_respondida`), derivaciones sees the document as asked.
 */
@Entity({ schema: 'derivaciones', name: 'movimiento_solicitado' })
export class MovimientoSolicitado {
  @PrimaryColumn({ name: 'documento_id', type: 'uuid' })
  documentoId: string;

  /** Movements asked for so far; each movement event carries its number (documentos applies only newer ones). */
  @Column({ type: 'int' })
  secuencia: number;

  /** The number of the last movement that asked for another state or office. */
  @Column({ name: 'secuencia_cambio', type: 'int' })
  secuenciaCambio: number;

  @Column({ type: 'enum', enum: EstadoDocumento, enumName: 'estado_documento' })
  estado: EstadoDocumento;

  @Column({ name: 'area_actual_id', type: 'int', nullable: true })
  areaActualId: number | null;
}
