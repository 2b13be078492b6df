import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '@mesa/shared/app';
import { IntegracionesRepository } from '../integraciones/integraciones.repository';
import { SecretosService } from './secretos.service';

const LOTE = 100;

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
    private readonly repo: IntegracionesRepository,
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
      const filas = await this.repo.selladasConOtraClave(this.secretos.claveActual, despues, LOTE);
      for (const f of filas) {
        let nuevos: ReturnType<SecretosService['resellar']>;
        try {
          nuevos = this.secretos.resellar(f);
        } catch {
          ilegibles++;
          continue;
        }
        if (await this.repo.resellar(f, nuevos)) resellados++;
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
