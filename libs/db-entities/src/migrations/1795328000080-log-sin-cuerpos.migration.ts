import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sync log used to keep the first 300 characters of a partner's error body ("HTTP 500: …")
 * and the socket's error code ("Error de conexión: ECONNREFUSED"); SRE reads that log, and a
 * body may hold anyone's data. integraciones-service now writes the status or a fixed reason
 * only; this brings the rows written before to the same form. There is no way back (down does
 * nothing): the text is gone on purpose.
 */
export class LogSinCuerpos1795328000080 implements MigrationInterface {
  name = 'LogSinCuerpos1795328000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE integraciones.log_sincronizacion
         SET mensaje_error = CASE WHEN mensaje_error LIKE 'HTTP %' THEN substring(mensaje_error FROM '^HTTP [0-9]{3}')
                                  ELSE 'Sin conexión con el destino' END
       WHERE operacion = 'ENVIO' AND (mensaje_error ~ '^HTTP [0-9]{3}: ' OR mensaje_error LIKE 'Error de conexión: %')`);
  }

  async down(): Promise<void> {
    // Nothing to restore.
  }
}
