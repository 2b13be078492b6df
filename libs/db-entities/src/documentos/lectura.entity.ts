import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who read which document, when and from where (Ley 29733). Apart from `auditoria` because reads
 * outnumber changes by far: a document's history stays a short index range, and this narrow
 * table can be kept or pruned on its own terms. Append-only (trigger), written in batches from
 * the `documento.leido` events; `evento_id` makes a redelivered event a no-op.
 */
@Entity({ schema: 'documentos', name: 'lectura' })
@Index('uq_lectura_evento', ['eventoId'], { unique: true })
@Index('idx_lectura_documento_fecha', ['documentoId', 'leidoEn', 'id'])
export class Lectura {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'evento_id', type: 'uuid' })
  eventoId: string;

  @Column({ name: 'documento_id', type: 'uuid' })
  documentoId: string;

  @Column({ name: 'usuario_id', type: 'uuid' })
  usuarioId: string;

  /** RecursoLeido: DETALLE, HISTORIAL, COMPROBANTE, QR, ARCHIVOS, ARCHIVO. */
  @Column({ type: 'varchar', length: 20 })
  recurso: string;

  @Column({ name: 'archivo_id', type: 'uuid', nullable: true })
  archivoId: string | null;

  @Column({ type: 'inet', nullable: true })
  ip: string | null;

  @Column({ name: 'leido_en', type: 'timestamptz' })
  leidoEn: Date;

  @Column({ name: 'registrado_en', type: 'timestamptz', default: () => 'now()' })
  registradoEn: Date;
}
