import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Integracion } from '@mesa/db-entities';
import { EstadoConexion } from '@mesa/shared/contracts';
import { timedDb, violaUnicidad } from '@mesa/shared/database';

const UQ_CODIGO = 'uq_integracion_codigo';

/** Another integration already has that code (the unique index decided, perhaps against a concurrent creation). */
export class CodigoYaRegistrado extends Error {}

/** A secret as stored: the sealed blobs of one integration. */
export interface SecretosSellados {
  id: string;
  credencialesCifradas: string | null;
  webhookSecretCifrado: string | null;
}

/** Integrations with a secret not sealed under the current key, after `despues` (by id). */
const PENDIENTES_RESELLADO = (lote: number) => `
  SELECT id, credenciales_cifradas AS "credencialesCifradas", webhook_secret_cifrado AS "webhookSecretCifrado"
    FROM integraciones.integracion
   WHERE id > $2 AND (split_part(credenciales_cifradas, '.', 2) <> $1 OR split_part(webhook_secret_cifrado, '.', 2) <> $1)
   ORDER BY id LIMIT ${lote}`;

/** How a call to the other system ended, for the circuit: `neutro` neither opens nor closes it. */
export type ResultadoCircuito = 'exito' | 'fallo' | 'neutro';

export type TurnoCircuito = { enviar: true } | { enviar: false; hasta: Date };

/**
 * The circuit after a call: a success closes it and resets the count; a failure counts, and at
 * the threshold opens it (estado ERROR) for `espera_circuito_ms`. Parameters: the integration
 * and the result ('exito' | 'fallo'), by position.
 */
export const sqlResultadoCircuito = (id: string, r: string) => `UPDATE integraciones.integracion i SET
    fallos_consecutivos = CASE WHEN ${r} = 'exito' THEN 0 ELSE i.fallos_consecutivos + 1 END,
    estado_conexion = CASE
      WHEN ${r} = 'exito' THEN 'CONECTADO'::integraciones.estado_conexion
      WHEN i.fallos_consecutivos + 1 >= i.umbral_circuito THEN 'ERROR'::integraciones.estado_conexion
      ELSE i.estado_conexion END,
    circuito_abierto_hasta = CASE
      WHEN ${r} = 'exito' THEN NULL
      WHEN i.fallos_consecutivos + 1 >= i.umbral_circuito THEN now() + i.espera_circuito_ms * interval '1 millisecond'
      ELSE i.circuito_abierto_hasta END,
    ultima_sincronizacion = CASE WHEN ${r} = 'exito' THEN now() ELSE i.ultima_sincronizacion END
  WHERE i.id = ${id}`;

/** Every query of the integracion table, each timed under its operation name. */
@Injectable()
export class IntegracionesRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(Integracion);
  }

  porId(id: string): Promise<Integracion | null> {
    return timedDb('integraciones.get_by_id', () => this.repo.findOneBy({ id }));
  }

  porCodigo(codigo: string): Promise<Integracion | null> {
    return timedDb('integraciones.get_by_codigo', () => this.repo.findOneBy({ codigo }));
  }

  porApiKeyHash(apiKeyHash: string): Promise<Integracion | null> {
    return timedDb('integraciones.get_by_api_key', () => this.repo.findOneBy({ apiKeyHash }));
  }

  /** Integrations are a handful of rows: the list is not paginated. */
  listar(): Promise<Integracion[]> {
    return timedDb('integraciones.list', () => this.repo.find({ order: { codigo: 'ASC' } }));
  }

  /** Active integrations subscribed to an event (a small table: no index needed). */
  suscritas(evento: string): Promise<Pick<Integracion, 'id' | 'codigo' | 'maxReintentos' | 'urlBase'>[]> {
    return timedDb('integraciones.list_subscribed', () =>
      this.db.query(
        `SELECT id, codigo, max_reintentos AS "maxReintentos", url_base AS "urlBase"
           FROM integraciones.integracion WHERE activa AND $1 = ANY (eventos)`,
        [evento],
      ),
    );
  }

  /** Throws CodigoYaRegistrado when the code is taken. */
  insertar(i: Partial<Integracion>): Promise<Integracion> {
    return timedDb('integraciones.insert', () => this.repo.save(this.repo.create(i))).catch((err: unknown) => {
      throw violaUnicidad(err) && (err as { constraint?: string }).constraint === UQ_CODIGO ? new CodigoYaRegistrado() : err;
    });
  }

  async actualizar(id: string, cambios: Partial<Integracion>): Promise<Integracion | null> {
    await timedDb('integraciones.update', () => this.repo.update({ id }, cambios));
    return this.porId(id);
  }

  /** Deletes an integration that never exchanged anything; false when it has history (or is gone). */
  async eliminarSinHistorial(id: string): Promise<'eliminada' | 'con_historial' | 'no_existe'> {
    const rows: { id: string; historial: boolean }[] = await timedDb('integraciones.delete', () =>
      this.db.query(
        `WITH h AS (SELECT EXISTS (SELECT 1 FROM integraciones.log_sincronizacion WHERE integracion_id = $1) AS historial),
              d AS (DELETE FROM integraciones.integracion WHERE id = $1 AND NOT (SELECT historial FROM h) RETURNING id)
         SELECT i.id, (SELECT historial FROM h) AS historial, EXISTS (SELECT 1 FROM d) AS borrada
           FROM integraciones.integracion i WHERE i.id = $1`,
        [id],
      ),
    );
    if (!rows.length) return 'no_existe';
    return rows[0].historial ? 'con_historial' : 'eliminada';
  }

  /**
   * While the circuit is open, sends wait; once its time is up, ONE send (whoever takes the
   * turn first) goes through as the trial, and the others wait for another period.
   */
  async turnoCircuito(id: string): Promise<TurnoCircuito> {
    const rows: { tomado: boolean; hasta: Date | null }[] = await timedDb('integraciones.circuit_turn', () =>
      this.db.query(
        `WITH t AS (
           UPDATE integraciones.integracion SET circuito_abierto_hasta = now() + espera_circuito_ms * interval '1 millisecond'
            WHERE id = $1 AND estado_conexion = 'ERROR' AND (circuito_abierto_hasta IS NULL OR circuito_abierto_hasta <= now())
            RETURNING id)
         SELECT EXISTS (SELECT 1 FROM t) AS tomado, i.circuito_abierto_hasta AS hasta, i.estado_conexion AS estado
           FROM integraciones.integracion i WHERE i.id = $1`,
        [id],
      ),
    );
    const r = rows[0] as { tomado: boolean; hasta: Date | null; estado?: EstadoConexion } | undefined;
    if (!r || r.tomado || r.estado !== EstadoConexion.ERROR || !r.hasta) return { enviar: true };
    return { enviar: false, hasta: r.hasta };
  }

  /** Result of a connection test: it opens or closes the circuit like a send does. */
  async registrarPrueba(id: string, conectado: boolean, tiempoMs: number): Promise<void> {
    await timedDb('integraciones.probe_update', () =>
      this.db.query(
        `UPDATE integraciones.integracion SET
           fecha_ultima_prueba = now(), tiempo_respuesta_prueba_ms = $3,
           estado_conexion = CASE WHEN $2 THEN 'CONECTADO' ELSE 'ERROR' END::integraciones.estado_conexion,
           fallos_consecutivos = CASE WHEN $2 THEN 0 ELSE fallos_consecutivos END,
           circuito_abierto_hasta = CASE WHEN $2 THEN NULL ELSE now() + espera_circuito_ms * interval '1 millisecond' END
         WHERE id = $1`,
        [id, conectado, tiempoMs],
      ),
    );
  }

  marcarProbando(id: string): Promise<unknown> {
    return timedDb('integraciones.probe_start', () =>
      this.repo.update({ id }, { estadoConexion: EstadoConexion.PROBANDO }),
    );
  }

  /** Up to `lote` integrations, after `despues` by id, with a secret sealed under another key than `claveActual`. */
  selladasConOtraClave(claveActual: string, despues: string, lote: number): Promise<SecretosSellados[]> {
    return timedDb('integraciones.reseal_pending', () => this.db.query(PENDIENTES_RESELLADO(lote), [claveActual, despues]));
  }

  /** Replaces the sealed secrets only if they are still the ones read; answers whether the row changed. */
  async resellar(leidos: SecretosSellados, nuevos: Omit<SecretosSellados, 'id'>): Promise<boolean> {
    const [, cambiadas]: [unknown, number] = await timedDb('integraciones.reseal', () =>
      this.db.query(
        `UPDATE integraciones.integracion SET credenciales_cifradas = $2, webhook_secret_cifrado = $3
          WHERE id = $1 AND credenciales_cifradas IS NOT DISTINCT FROM $4 AND webhook_secret_cifrado IS NOT DISTINCT FROM $5`,
        [leidos.id, nuevos.credencialesCifradas, nuevos.webhookSecretCifrado, leidos.credencialesCifradas, leidos.webhookSecretCifrado],
      ),
    );
    return cambiadas > 0;
  }
}
