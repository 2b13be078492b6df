import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { ConfigError } from '../config';

/** The operator's trusted roots and intermediates, and the CRLs given with them. */
export interface AlmacenConfianza {
  certificados: pkijs.Certificate[];
  crls: pkijs.CertificateRevocationList[];
}

const ALMACEN_VACIO: AlmacenConfianza = { certificados: [], crls: [] };

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** The DER blocks of a file: each PEM block labelled `etiqueta`, or the file itself when it is not PEM. */
function bloques(contenido: Buffer, etiqueta: string): Buffer[] {
  const texto = contenido.toString('latin1');
  if (!texto.includes('-----BEGIN ')) return [contenido];
  return [...texto.matchAll(PEM)].filter((m) => m[1] === etiqueta).map((m) => Buffer.from(m[2].replace(/\s+/g, ''), 'base64'));
}

const aArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** Certificates and CRLs from their bytes (PEM, several per file, or DER). */
export function almacenDe(certificados: Buffer[], crls: Buffer[] = []): AlmacenConfianza {
  return {
    certificados: certificados.flatMap((c) => bloques(c, 'CERTIFICATE')).map((der) => pkijs.Certificate.fromBER(aArrayBuffer(der))),
    crls: crls.flatMap((c) => bloques(c, 'X509 CRL')).map((der) => pkijs.CertificateRevocationList.fromBER(aArrayBuffer(der))),
  };
}

/** Files named by a comma-separated list of files and directories (a directory: its files, not recursive). */
function archivos(lista: string | undefined): Buffer[] {
  const rutas = (lista ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  return rutas.flatMap((r) =>
    statSync(r).isDirectory()
      ? readdirSync(r)
          .sort()
          .map((n) => join(r, n))
          .filter((f) => statSync(f).isFile())
          .map((f) => readFileSync(f))
      : [readFileSync(r)],
  );
}

const invalida = (problema: string) => new ConfigError(`Invalid configuration:\n  ${problema}`);

/**
 * The trust store of FIRMA_CONFIANZA (roots and intermediates) and FIRMA_CRL (revocation
 * lists): each a comma-separated list of files or directories of PEM or DER files. An
 * unreadable or malformed file fails here (ConfigError), at start, naming the setting.
 */
export function cargarAlmacen(confianza: string | undefined, crl: string | undefined): AlmacenConfianza {
  let certs: Buffer[];
  let listas: Buffer[];
  try {
    certs = archivos(confianza);
  } catch (err) {
    throw invalida(`FIRMA_CONFIANZA: ${(err as Error).message}`);
  }
  try {
    listas = archivos(crl);
  } catch (err) {
    throw invalida(`FIRMA_CRL: ${(err as Error).message}`);
  }
  let certificados: pkijs.Certificate[];
  try {
    certificados = almacenDe(certs).certificados;
  } catch (err) {
    throw invalida(`FIRMA_CONFIANZA: a file is not a certificate (${(err as Error).message})`);
  }
  try {
    return { certificados, crls: almacenDe([], listas).crls };
  } catch (err) {
    throw invalida(`FIRMA_CRL: a file is not a CRL (${(err as Error).message})`);
  }
}
