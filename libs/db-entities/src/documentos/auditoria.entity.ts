import { Column, Entity, Index } from 'typeorm';
import { AuditoriaRegistro } from '../common/auditoria.base';

/**
 * Who changed which document, when and from where, before and after (Ley 29733); reads are in
 * `lectura`. Append-only: a trigger refuses UPDATE and DELETE, since the owner role cannot be
 * denied them by REVOKE. Indexed for a document's history; every change writes a row here, so
 * no index without a query that needs it.
 */
@Entity({ schema: 'documentos', name: 'auditoria' })
@Index('idx_auditoria_documento_fecha', ['documentoId', 'createdAt', 'id'])
export class Auditoria extends AuditoriaRegistro {
  @Column({ name: 'documento_id', type: 'uuid', nullable: true })
  documentoId: string | null;
}
