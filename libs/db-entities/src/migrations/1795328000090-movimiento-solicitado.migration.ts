import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * documentos owns a document's state; derivaciones' `documento_ref` becomes a read copy that only
 * documentos' events write. What derivaciones asked for moves to a table of its own: the last
 * movement it requested for each document (its number, the state and office it asked for, and
 * the number of the last request that changed them). The copy remembers the last movement
 * documentos has answered (`secuencia_respondida`): until then derivaciones sees its request.
 * Existing copies count their movements as answered (documentos already merged them).
 */
export class MovimientoSolicitado1795328000090 implements MigrationInterface {
  name = 'MovimientoSolicitado1795328000090';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE derivaciones.movimiento_solicitado (
        documento_id uuid PRIMARY KEY,
        secuencia integer NOT NULL,
        secuencia_cambio integer NOT NULL,
        estado derivaciones.estado_documento NOT NULL,
        area_actual_id integer
      );
      INSERT INTO derivaciones.movimiento_solicitado (documento_id, secuencia, secuencia_cambio, estado, area_actual_id)
      SELECT documento_id, secuencia, secuencia, estado, area_actual_id FROM derivaciones.documento_ref WHERE secuencia > 0;
      ALTER TABLE derivaciones.documento_ref RENAME COLUMN secuencia TO secuencia_respondida;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE derivaciones.documento_ref RENAME COLUMN secuencia_respondida TO secuencia;
      UPDATE derivaciones.documento_ref r SET secuencia = s.secuencia, estado = s.estado, area_actual_id = s.area_actual_id
        FROM derivaciones.movimiento_solicitado s
       WHERE s.documento_id = r.documento_id AND s.secuencia_cambio > r.secuencia;
      UPDATE derivaciones.documento_ref r SET secuencia = s.secuencia
        FROM derivaciones.movimiento_solicitado s WHERE s.documento_id = r.documento_id;
      DROP TABLE derivaciones.movimiento_solicitado;
    `);
  }
}
