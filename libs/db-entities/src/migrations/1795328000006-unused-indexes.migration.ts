import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two indexes served trays no service runs: an office's sent derivations and a user's audit
 * trail. The audit table takes a row per read, so an index there costs on every request.
 * Recreate them with the query that needs them.
 */
export class UnusedIndexes1795328000006 implements MigrationInterface {
  name = 'UnusedIndexes1795328000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX derivaciones.idx_derivacion_area_origen_fecha;
      DROP INDEX documentos.idx_auditoria_usuario_fecha;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX idx_derivacion_area_origen_fecha ON derivaciones.derivacion (area_origen_id, fecha_derivacion, id);
      CREATE INDEX idx_auditoria_usuario_fecha ON documentos.auditoria (usuario_id, created_at, id);
    `);
  }
}
