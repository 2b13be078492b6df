import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { derivarCodigoSeguimiento } from '@mesa/shared/domain';

/** The tracking code of a document, from the configured secret: at registration and on every receipt. */
@Injectable()
export class CodigosSeguimiento {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  derivar(documentoId: string): string {
    return derivarCodigoSeguimiento(this.config.TRACKING_CODE_SECRET, documentoId);
  }
}
