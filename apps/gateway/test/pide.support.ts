import { createHash, randomInt, randomUUID } from 'node:crypto';
import { PideFalso } from '../../integraciones-service/test/pide-falso';
import { derivacionesApp } from '../../derivaciones-service/src/app.definition';
import { arrancarIntegraciones, SuiteIntegraciones } from './integraciones.support';
import { boot } from './support';

export const NUESTRO_RUC = '20131370998';
export const ruc = () => `20${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
export const nuevoCuo = () => String(randomInt(1_000_000_000, 9_999_999_999));
/** Enough of a PDF for the content check (its signature), and a PNG annex. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
export const esPdf = (b64: unknown) => Buffer.from(String(b64), 'base64').subarray(0, 5).toString() === '%PDF-';

export interface SuitePide {
  suite: SuiteIntegraciones;
  pide: PideFalso;
  /** The credential PIDE was given for our port. */
  apiKey: string;
  puertoUrl: string;
  cerrar(): Promise<void>;
}

/**
 * The fake PIDE on loopback, then documentos, integraciones, derivaciones and the gateway configured for it:
 * our RUC, PIDE's address (loopback) and credential, its CUO service, and short timeouts and
 * retry delays so that the DLQ is reached within a test.
 */
export async function arrancarPide(): Promise<SuitePide> {
  const pide = await new PideFalso().iniciar();
  const apiKey = `pide-${randomUUID()}`;
  const todas = {
    PIDE_RUC: NUESTRO_RUC,
    PIDE_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
    PIDE_API_KEY_SHA256: createHash('sha256').update(apiKey).digest('hex'),
    PIDE_CUO_URL: `${pide.url}/cuo`,
    PIDE_TIMEOUT_MS: '500',
    PIDE_MAX_INTENTOS: '3',
    PIDE_REINTENTO_BASE_MS: '100',
  };
  const suite = await arrancarIntegraciones({ INTEGRATIONS_ALLOWED_HOSTS: '127.0.0.1' }, todas);
  // The route sheet is derivaciones-service's.
  const derivaciones = await boot(derivacionesApp, todas);
  return {
    suite,
    pide,
    apiKey,
    puertoUrl: `${suite.url}/api/v1/pide/wsiotramite`,
    cerrar: async () => {
      await derivaciones.close();
      await suite.cerrar();
      await pide.cerrar();
    },
  };
}
