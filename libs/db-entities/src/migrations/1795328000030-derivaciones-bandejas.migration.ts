import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trays' indexes, each serving one query of derivaciones-service (EXPLAINed by its plan
 * tests on 500,000 derivations), and the per-document movement sequence that lets documentos
 * ignore an older movement delivered after a newer one.
 */
export class DerivacionesBandejas1795328000030 implements MigrationInterface {
  name = 'DerivacionesBandejas1795328000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE derivaciones.documento_ref ADD COLUMN secuencia integer NOT NULL DEFAULT 0;

      -- An office's tray in any state, newest first.
      CREATE INDEX idx_derivacion_area_fecha ON derivaciones.derivacion (area_destino_id, fecha_derivacion, id);
      -- An office's open items by deadline: trays by due date, overdue lists, statistics.
      CREATE INDEX idx_derivacion_area_limite_abiertas ON derivaciones.derivacion (area_destino_id, fecha_limite_atencion, id)
        WHERE estado IN ('PENDIENTE', 'RECIBIDO');
      -- What a user received and still has to attend.
      CREATE INDEX idx_derivacion_recibe_fecha ON derivaciones.derivacion (usuario_recibe_id, fecha_derivacion, id)
        WHERE estado = 'RECIBIDO';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX derivaciones.idx_derivacion_recibe_fecha;
      DROP INDEX derivaciones.idx_derivacion_area_limite_abiertas;
      DROP INDEX derivaciones.idx_derivacion_area_fecha;
      ALTER TABLE derivaciones.documento_ref DROP COLUMN secuencia;
    `);
  }
}
