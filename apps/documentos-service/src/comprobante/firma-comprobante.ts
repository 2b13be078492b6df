import { readFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@mesa/shared/config';
import { ConfigError } from '@mesa/shared/config';
import { Credencial, firmarPdf, leerP12 } from '@mesa/shared/firma';

const invalida = (problema: string) => new ConfigError(`Invalid configuration:\n  ${problema}`);

/**
 * Signs the receipts (PAdES-B-B) with the institution's certificate, the PKCS#12 of
 * FIRMA_P12_PATH and FIRMA_P12_PASSWORD, read once at start. Production does not start
 * without it (a receipt is the desk's proof of reception); development and tests serve
 * unsigned receipts when it is not set.
 */
export class FirmaComprobante {
  private static readonly log = new Logger(FirmaComprobante.name);

  private constructor(private readonly credencial: Credencial | null) {}

  /** The synchronous check, at module build time: production names the missing setting. */
  static exigir(config: Pick<AppConfig, 'NODE_ENV' | 'FIRMA_P12_PATH'>): void {
    if (!config.FIRMA_P12_PATH && config.NODE_ENV === 'production') {
      throw invalida('FIRMA_P12_PATH: required in production (documentos-service signs the receipts with the institution\'s PKCS#12)');
    }
  }

  static async desdeConfig(config: Pick<AppConfig, 'NODE_ENV' | 'FIRMA_P12_PATH' | 'FIRMA_P12_PASSWORD'>): Promise<FirmaComprobante> {
    FirmaComprobante.exigir(config);
    if (!config.FIRMA_P12_PATH) {
      FirmaComprobante.log.warn('FIRMA_P12_PATH is not set: receipts are served unsigned');
      return new FirmaComprobante(null);
    }
    let p12: Buffer;
    try {
      p12 = await readFile(config.FIRMA_P12_PATH);
    } catch (err) {
      throw invalida(`FIRMA_P12_PATH: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    try {
      return new FirmaComprobante(await leerP12(p12, config.FIRMA_P12_PASSWORD ?? ''));
    } catch (err) {
      throw invalida(`FIRMA_P12_PATH: not a usable PKCS#12 with FIRMA_P12_PASSWORD (${(err as Error).message})`);
    }
  }

  /** What identifies the certificate, for the cache key of signed receipts ('' when unsigned). */
  get huella(): string {
    return this.credencial ? Buffer.from(this.credencial.certificado.serialNumber.valueBlock.valueHexView).toString('hex') : '';
  }

  /** The receipt signed at `fecha`, or as it is when there is no certificate. */
  firmar(pdf: Buffer, fecha: Date): Promise<Buffer> {
    if (!this.credencial) return Promise.resolve(pdf);
    return firmarPdf(pdf, this.credencial, { fecha, razon: 'Cargo de recepción', lugar: 'Mesa de Partes' });
  }
}
