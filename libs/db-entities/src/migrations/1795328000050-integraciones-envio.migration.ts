import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What sending, the circuit breaker and inbound limits need per integration: the retry base
 * delay, the failures that open the circuit and how long it stays open, the inbound limit, and
 * the last connection test. Each log row remembers its event, so a dead-lettered send is
 * replayed for the same event. The dead-letter index leads with the integration (the DLQ is
 * listed per integration); the reception index answers "state of my document idExterno".
 */
export class IntegracionesEnvio1795328000050 implements MigrationInterface {
  name = 'IntegracionesEnvio1795328000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE integraciones.integracion
        ADD COLUMN reintento_base_ms integer NOT NULL DEFAULT 2000,
        ADD COLUMN umbral_circuito integer NOT NULL DEFAULT 5,
        ADD COLUMN espera_circuito_ms integer NOT NULL DEFAULT 30000,
        ADD COLUMN circuito_abierto_hasta timestamptz,
        ADD COLUMN limite_entrante_por_minuto integer NOT NULL DEFAULT 120,
        ADD COLUMN fecha_ultima_prueba timestamptz,
        ADD COLUMN tiempo_respuesta_prueba_ms integer;
      ALTER TABLE integraciones.log_sincronizacion ADD COLUMN evento varchar(50);
      DROP INDEX integraciones.idx_log_dlq_fecha;
      CREATE INDEX idx_log_dlq_integracion_fecha ON integraciones.log_sincronizacion (integracion_id, created_at, id) WHERE en_dlq;
      CREATE INDEX idx_log_recepcion_externo ON integraciones.log_sincronizacion (integracion_id, id_externo, created_at)
        WHERE operacion = 'RECEPCION';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX integraciones.idx_log_recepcion_externo;
      DROP INDEX integraciones.idx_log_dlq_integracion_fecha;
      CREATE INDEX idx_log_dlq_fecha ON integraciones.log_sincronizacion (created_at, id) WHERE en_dlq;
      ALTER TABLE integraciones.log_sincronizacion DROP COLUMN evento;
      ALTER TABLE integraciones.integracion
        DROP COLUMN tiempo_respuesta_prueba_ms, DROP COLUMN fecha_ultima_prueba, DROP COLUMN limite_entrante_por_minuto,
        DROP COLUMN circuito_abierto_hasta, DROP COLUMN espera_circuito_ms, DROP COLUMN umbral_circuito,
        DROP COLUMN reintento_base_ms;
    `);
  }
}
