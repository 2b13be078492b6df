import { createHmac } from 'node:crypto';
import { CODIGO_VERIFICACION_ALFABETO, CODIGO_VERIFICACION_BITS, formatearCodigo } from '@mesa/shared/domain';

/**
 * A document's citizen tracking code: HMAC-SHA256(secret, documentId), its first 80 bits as 16
 * symbols of the receipt alphabet (5 bits each, no bias). Deterministic, so the receipt can print
 * the code again whenever it is asked for; without the secret it is as unguessable as a random
 * one, and only its hash is stored.
 */
export function derivarCodigoSeguimiento(secret: string, documentoId: string): string {
  const mac = createHmac('sha256', secret).update(documentoId.toLowerCase(), 'utf8').digest();
  let acumulado = 0;
  let bits = 0;
  let codigo = '';
  for (const byte of mac.subarray(0, CODIGO_VERIFICACION_BITS / 8)) {
    acumulado = (acumulado << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      codigo += CODIGO_VERIFICACION_ALFABETO[(acumulado >> bits) & 31];
    }
    acumulado &= (1 << bits) - 1;
  }
  return formatearCodigo(codigo);
}
