import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LogSinCuerpos1795328000080 } from '../../../libs/db-entities/src/migrations/1795328000080-log-sin-cuerpos.migration';

/**
 * Sends logged before the partner's body was left out: the migration keeps their status (or a
 * fixed reason) and drops the rest; inbound rows and today's texts are left as they are.
 */
describe('migration LogSinCuerpos: the partner bodies already in the sync log', () => {
  let db: DataSource;
  let integracionId: string;

  beforeAll(async () => {
    db = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
    [{ id: integracionId }] = await db.query(
      `INSERT INTO integraciones.integracion (codigo, nombre, tipo) VALUES ($1, 'Antigua', 'WEBHOOK') RETURNING id`,
      [`MIG-${randomUUID().slice(0, 8).toUpperCase()}`],
    );
  });

  afterAll(() => db?.destroy());

  it('keeps the status or a fixed reason of old sends, and nothing of the other side', async () => {
    const filas: [string, string][] = [
      ['ENVIO', 'HTTP 500: {"error":"El ciudadano Juan Pérez, DNI 12345678, no existe"}'],
      ['ENVIO', 'Error de conexión: ECONNREFUSED'],
      ['ENVIO', 'Tiempo de espera agotado (200 ms)'],
      ['ENVIO', 'HTTP 422'],
      ['RECEPCION', 'FIRMA_INVALIDA'],
    ];
    for (const [operacion, mensaje] of filas) {
      await db.query(
        `INSERT INTO integraciones.log_sincronizacion (integracion_id, operacion, estado, mensaje_error) VALUES ($1, $2, 'ERROR', $3)`,
        [integracionId, operacion, mensaje],
      );
    }
    const q = db.createQueryRunner();
    try {
      await new LogSinCuerpos1795328000080().up(q);
    } finally {
      await q.release();
    }
    const despues = await db.query(`SELECT mensaje_error FROM integraciones.log_sincronizacion WHERE integracion_id = $1`, [integracionId]);
    expect(despues.map((f: { mensaje_error: string }) => f.mensaje_error).sort()).toEqual(
      ['HTTP 500', 'Sin conexión con el destino', 'Tiempo de espera agotado (200 ms)', 'HTTP 422', 'FIRMA_INVALIDA'].sort(),
    );
  });
});
