import { Inject, Injectable } from '@nestjs/common';
import { Integracion } from '@mesa/db-entities';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { Credenciales } from '@mesa/shared/contracts';
import { Cifrador } from './cifrado';

/** Seals and opens an integration's secrets; each blob is bound to its row and field. */
@Injectable()
export class SecretosService {
  private readonly cifrador: Cifrador;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.cifrador = new Cifrador(config.ENCRYPTION_KEY);
  }

  sellarCredenciales(integracionId: string, c: Credenciales): string {
    return this.cifrador.cifrar(JSON.stringify(c), `${integracionId}:credenciales`);
  }

  credenciales(i: Pick<Integracion, 'id' | 'credencialesCifradas'>): Credenciales | null {
    if (!i.credencialesCifradas) return null;
    return JSON.parse(this.cifrador.descifrar(i.credencialesCifradas, `${i.id}:credenciales`)) as Credenciales;
  }

  sellarWebhookSecret(integracionId: string, secreto: string): string {
    return this.cifrador.cifrar(secreto, `${integracionId}:webhook`);
  }

  webhookSecret(i: Pick<Integracion, 'id' | 'webhookSecretCifrado'>): string | null {
    if (!i.webhookSecretCifrado) return null;
    return this.cifrador.descifrar(i.webhookSecretCifrado, `${i.id}:webhook`);
  }
}
