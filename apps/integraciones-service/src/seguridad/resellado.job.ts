import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { APP_LOGGER } from '@mesa/shared/app';
import { timedDb } from '@mesa/shared/database';
import { SecretosService } from './secretos.service';

const LOTE = 100;

interface Fila {
  id: string;
  credenciales_cifradas: string | null;
  webhook_secret_cifrado: string | null;
}

/** Integrations with a secret not sealed under the current key, after `despues` (by id). */
export const PENDIENTES = `
  SELECT id, credenciales_cifradas, webhook_secret_cifrado FROM integraciones.integracion
   WHERE id > $2 AND (split_part(credenciales_cifradas, '.', 2) <> $1 OR split_part(webhook_secret_cifrado, '.', 2) <> $1)
   ORDER BY id LIMIT ${LOTE}`;

/**
 * After ENCRYPTION_KEY changes (the old key listed in ENCRYPTION_KEYS_PREVIOUS), moves every
 * integration's secrets to the new key, once at start. Each row is replaced only if its blobs
 * are still the ones read, so an admin's concurrent rotation wins and replicas doing the same
 * work at once are harmless. A secret under a key that is not configured is left as it is and
 * counted in the log (never shown): the integration fails to send until an admin sets it again.
 * Once the log reports none pending on every replica, the previous key can be removed.
 */
@Injectable()
export class ReselladoSecretosJob implements OnApplicationBootstrap, OnModuleDestroy {
  private enCurso?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secretos: SecretosService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.enCurso = this.resellar().catch((err: Error) =>
      this.logger.error({ err: { message: err.message } }, 'integration secrets re-sealing failed'),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.enCurso;
  }

  /** Re-seals what is pending; answers how many integrations moved and how many could not be opened. */
  async resellar(): Promise<{ resellados: number; ilegibles: number }> {
    let resellados = 0;
    let ilegibles = 0;
    let despues = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const filas: Fila[] = await timedDb('integraciones.reseal_pending', () =>
        this.db.query(PENDIENTES, [this.secretos.claveActual, despues]),
      );
      for (const f of filas) {
        let nuevos: ReturnType<SecretosService['resellar']>;
        try {
          nuevos = this.secretos.resellar({
            id: f.id,
            credencialesCifradas: f.credenciales_cifradas,
            webhookSecretCifrado: f.webhook_secret_cifrado,
          });
        } catch {
          ilegibles++;
          continue;
        }
        const [, cambiadas] = await timedDb('integraciones.reseal', () =>
          this.db.query(
            `UPDATE integraciones.integracion SET credenciales_cifradas = $2, webhook_secret_cifrado = $3
              WHERE id = $1 AND credenciales_cifradas IS NOT DISTINCT FROM $4 AND webhook_secret_cifrado IS NOT DISTINCT FROM $5`,
            [f.id, nuevos.credencialesCifradas, nuevos.webhookSecretCifrado, f.credenciales_cifradas, f.webhook_secret_cifrado],
          ),
        );
        resellados += cambiadas;
      }
      if (filas.length < LOTE) break;
      despues = filas[filas.length - 1].id;
    }
    if (resellados || ilegibles) {
      const nivel = ilegibles ? 'error' : 'info';
      this.logger[nivel](
        { resellados, ilegibles, claveActual: this.secretos.claveActual },
        ilegibles
          ? 'integration secrets under a key not configured: list it in ENCRYPTION_KEYS_PREVIOUS or set them again'
          : 'integration secrets re-sealed under the current key',
      );
    }
    return { resellados, ilegibles };
  }
}
