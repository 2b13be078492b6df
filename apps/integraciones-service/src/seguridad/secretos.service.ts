import { Inject, Injectable } from '@nestjs/common';
import { Integracion } from '@mesa/db-entities';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { Credenciales } from '@mesa/shared/contracts';
import { Cifrador } from './cifrado';

const credencialesDe = (integracionId: string) => `${integracionId}:credenciales`;
const webhookDe = (integracionId: string) => `${integracionId}:webhook`;

/** Seals and opens an integration's secrets; each blob is bound to its row and field. */
@Injectable()
export class SecretosService {
  private readonly cifrador: Cifrador;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const previas = config.ENCRYPTION_KEYS_PREVIOUS?.split(',') ?? [];
    this.cifrador = new Cifrador(config.ENCRYPTION_KEY, previas);
  }

  /** Id of the current key, as blobs name it (not secret). */
  get claveActual(): string {
    return this.cifrador.keyId;
  }

  sellarCredenciales(integracionId: string, c: Credenciales): string {
    return this.cifrador.cifrar(JSON.stringify(c), credencialesDe(integracionId));
  }

  credenciales(i: Pick<Integracion, 'id' | 'credencialesCifradas'>): Credenciales | null {
    if (!i.credencialesCifradas) return null;
    return JSON.parse(this.cifrador.descifrar(i.credencialesCifradas, credencialesDe(i.id))) as Credenciales;
  }

  sellarWebhookSecret(integracionId: string, secreto: string): string {
    return this.cifrador.cifrar(secreto, webhookDe(integracionId));
  }

  webhookSecret(i: Pick<Integracion, 'id' | 'webhookSecretCifrado'>): string | null {
    if (!i.webhookSecretCifrado) return null;
    return this.cifrador.descifrar(i.webhookSecretCifrado, webhookDe(i.id));
  }

  /** The integration's blobs under the current key (throws when one is under an unknown key). */
  resellar(i: Pick<Integracion, 'id' | 'credencialesCifradas' | 'webhookSecretCifrado'>) {
    return {
      credencialesCifradas: i.credencialesCifradas && this.cifrador.resellar(i.credencialesCifradas, credencialesDe(i.id)),
      webhookSecretCifrado: i.webhookSecretCifrado && this.cifrador.resellar(i.webhookSecretCifrado, webhookDe(i.id)),
    };
  }
}
