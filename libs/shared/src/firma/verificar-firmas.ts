import { setImmediate as pausa } from 'node:timers/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { FirmaArchivo, FuenteFechaFirma, MotivoFirma, ResultadoFirma } from '../contracts/documentos-archivos.contract';
import type { AlmacenConfianza } from './almacen-confianza';

/** Limits of one verification: past any of them it stops with FirmasFueraDeLimites. */
export interface LimitesFirmas {
  /** Larger files are not scanned at all. */
  maxBytes: number;
  maxFirmas: number;
  /** Decoded bytes of one /Contents (a CMS with its certificates and CRLs). */
  maxContentsBytes: number;
  /** Certificates carried by one CMS. */
  maxCertificados: number;
  /** Wall time of the whole verification. */
  tiempoMs: number;
}

export const LIMITES_FIRMAS: LimitesFirmas = {
  maxBytes: 64 * 1024 * 1024,
  maxFirmas: 16,
  maxContentsBytes: 512 * 1024,
  maxCertificados: 32,
  tiempoMs: 10_000,
};

/** The file asks for more work than the verifier allows: its signatures are not reported. */
export class FirmasFueraDeLimites extends Error {
  override name = 'FirmasFueraDeLimites';
  readonly code = 'FIRMAS_FUERA_DE_LIMITES';
}

export interface OpcionesVerificacion {
  /** The job's signal: verification stops with its reason. */
  signal?: AbortSignal;
  limites?: Partial<LimitesFirmas>;
  /** "Now", for the freshness of CRLs (tests). */
  ahora?: Date;
}

const BYTERANGE = Buffer.from('/ByteRange', 'latin1');
const CONTENTS = Buffer.from('/Contents', 'latin1');
const ENDOBJ = Buffer.from('endobj', 'latin1');
const TRAMO_BYTES = 256 * 1024;
const VENTANA_DICCIONARIO = 8192;

const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  signedData: '1.2.840.113549.1.7.2',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
};

/** Outcomes where the signed bytes themselves are not those of the signature. */
const ROTAS = new Set<MotivoFirma>(['RANGO_INVALIDO', 'CONTENIDO_ILEGIBLE', 'DIGEST_NO_COINCIDE', 'FIRMA_CMS_INVALIDA']);

/** A document timestamp's SubFilter: an RFC 3161 token over the range, no signer. */
const SUBFILTER_SELLO_DOCUMENTO = 'ETSI.RFC3161';

const SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

const MOTIVOS: Record<MotivoFirma, string> = {
  FIRMA_VALIDA: 'La firma es válida y el certificado era vigente, confiable y no revocado al firmar.',
  RANGO_INVALIDO: 'El /ByteRange no cubre todo el archivo salvo la firma: lo firmado no es el documento.',
  CONTENIDO_ILEGIBLE: 'El /Contents no contiene una firma CMS legible.',
  SUBFILTER_NO_SOPORTADO: 'El tipo de firma (/SubFilter) no es adbe.pkcs7.detached ni ETSI.CAdES.detached.',
  DIGEST_NO_COINCIDE: 'El contenido firmado fue alterado: su resumen no coincide con el de la firma.',
  FIRMA_CMS_INVALIDA: 'La firma criptográfica no corresponde a la llave del certificado.',
  FECHA_DESCONOCIDA: 'La firma no declara su fecha: no se puede saber si el certificado era vigente.',
  CERTIFICADO_NO_VIGENTE: 'El certificado del firmante (o de su cadena) no era vigente en la fecha de firma.',
  USO_DE_LLAVE_NO_PERMITIDO: 'El certificado del firmante no admite firma digital (keyUsage).',
  CADENA_NO_CONFIABLE: 'El certificado del firmante no se encadena a una autoridad del almacén de confianza.',
  CERTIFICADO_REVOCADO: 'El certificado del firmante (o de su cadena) estaba revocado en la fecha de firma.',
  REVOCACION_POSTERIOR: 'El certificado fue revocado después de la fecha declarada de firma, y esa fecha no tiene sello de tiempo.',
  REVOCACION_NO_VERIFICADA: 'No hay una lista de revocación (CRL) vigente para la cadena: no se pudo comprobar la revocación.',
  MODIFICADO_DESPUES_DE_FIRMAR: 'Se agregó contenido al archivo después de la firma y ninguna firma posterior lo cubre.',
};

/** The claimed (or stamped) time of a signature, and where it came from. */
interface Fecha {
  fecha: Date | null;
  fuente: FuenteFechaFirma;
}

/** One signature dictionary as found in the file. */
interface Hallazgo {
  rango: [number, number, number, number];
  /** The range's hole is exactly a /Contents hex string. */
  hueco: boolean;
  /** Its bytes, when they are hex. */
  contents: Buffer | null;
  subFilter: string | null;
  m: Date | null;
}

class Plazo {
  private siguiente = TRAMO_BYTES;
  readonly signal: AbortSignal;
  constructor(
    private readonly propia: AbortSignal,
    externa: AbortSignal | undefined,
    private readonly tiempoMs: number,
  ) {
    this.signal = externa ? AbortSignal.any([propia, externa]) : propia;
  }

  toca(posicion: number): boolean {
    if (posicion < this.siguiente) return false;
    this.siguiente = posicion + TRAMO_BYTES;
    return true;
  }

  comprobar(): void {
    if (!this.signal.aborted) return;
    if (this.propia.aborted) throw new FirmasFueraDeLimites(`la verificación de firmas superó ${this.tiempoMs} ms`);
    throw this.signal.reason;
  }

  async ceder(): Promise<void> {
    await pausa();
    this.comprobar();
  }
}

/**
 * Verifies every PAdES/CAdES signature of a PDF against a trust store, without a PDF library:
 * signature dictionaries are found by their /ByteRange (they cannot sit in object streams,
 * since the range names file offsets), and each one is checked for
 * - a range that covers the whole file but the /Contents hole, and bytes appended after it;
 * - the CMS message digest and signature (pkijs);
 * - the signer's key usage, and its chain to the trust store at the signing time, which is the
 *   signature timestamp's when it carries a valid one, else the claimed one (marked so);
 * - revocation against the configured CRLs and those the CMS carries.
 *
 * The bytes are untrusted: the scan is linear and yields to the event loop, and the file size,
 * the number of signatures, the size of each /Contents, the certificates per CMS and the wall
 * time are bounded (FirmasFueraDeLimites past them). An unsigned file answers [].
 */
export async function verificarFirmasPdf(pdf: Buffer, almacen: AlmacenConfianza, opciones: OpcionesVerificacion = {}): Promise<FirmaArchivo[]> {
  const limites = { ...LIMITES_FIRMAS, ...opciones.limites };
  if (pdf.length > limites.maxBytes) throw new FirmasFueraDeLimites(`el archivo supera ${limites.maxBytes} bytes`);
  if (pdf.subarray(0, 1024).indexOf('%PDF-') < 0) return [];
  const plazo = new Plazo(AbortSignal.timeout(limites.tiempoMs), opciones.signal, limites.tiempoMs);
  plazo.comprobar();
  const todos = await buscarFirmas(pdf, limites, plazo);
  // Document timestamps (PAdES-LTA) are no signer's: they only count as covering the file.
  const hallazgos = todos.filter((h) => h.subFilter !== SUBFILTER_SELLO_DOCUMENTO);
  let finalCubierto = false;
  for (const h of todos.filter((x) => x.subFilter === SUBFILTER_SELLO_DOCUMENTO)) {
    plazo.comprobar();
    if (h.rango[2] + h.rango[3] === pdf.length && (await selloDeDocumentoIntegro(pdf, h, almacen))) finalCubierto = true;
  }
  const firmas: FirmaArchivo[] = [];
  for (const h of hallazgos) {
    plazo.comprobar();
    firmas.push(await verificarUna(pdf, h, almacen, limites, opciones.ahora ?? new Date()));
  }
  plazo.comprobar();
  // Bytes after a signature are an incremental update: fine when a later intact signature (or
  // document timestamp) covers the whole file (a second signer, whose own outcome is reported
  // apart), otherwise the document shown is not what was signed.
  const cubreTodo = (f: FirmaArchivo, h: Hallazgo) => !ROTAS.has(f.codigo) && h.rango[2] + h.rango[3] === pdf.length;
  finalCubierto ||= firmas.some((f, i) => cubreTodo(f, hallazgos[i]));
  return firmas.map((f) =>
    f.resultado === 'VALIDA' && f.modificadoDespues && !finalCubierto ? conMotivo(f, 'INDETERMINADA', 'MODIFICADO_DESPUES_DE_FIRMAR') : f,
  );
}

const aArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const conMotivo = (f: FirmaArchivo, resultado: ResultadoFirma, codigo: MotivoFirma, detalle?: string): FirmaArchivo => ({
  ...f,
  resultado,
  codigo,
  motivo: detalle ? `${MOTIVOS[codigo]} (${detalle})` : MOTIVOS[codigo],
});

/** Each distinct /ByteRange with the /Contents, /SubFilter and /M of its dictionary, in file order. */
async function buscarFirmas(pdf: Buffer, limites: LimitesFirmas, plazo: Plazo): Promise<Hallazgo[]> {
  const vistos = new Set<string>();
  const hallazgos: Hallazgo[] = [];
  for (let p = pdf.indexOf(BYTERANGE); p >= 0; p = pdf.indexOf(BYTERANGE, p + BYTERANGE.length)) {
    if (plazo.toca(p)) await plazo.ceder();
    const rango = leerRango(pdf, p + BYTERANGE.length);
    if (!rango) continue;
    const clave = rango.join(' ');
    if (vistos.has(clave)) continue;
    vistos.add(clave);
    if (hallazgos.length >= limites.maxFirmas) throw new FirmasFueraDeLimites(`el archivo tiene más de ${limites.maxFirmas} firmas`);
    hallazgos.push(leerDiccionario(pdf, p, rango, limites));
  }
  return hallazgos;
}

/** `[a b c d]` of non-negative integers right after /ByteRange, else null (a placeholder, say). */
function leerRango(pdf: Buffer, desde: number): Hallazgo['rango'] | null {
  const texto = pdf.subarray(desde, Math.min(pdf.length, desde + 96)).toString('latin1');
  const m = /^\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/.exec(texto);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] : null;
}

/** The signature's own object around the /ByteRange at `p`, without the /Contents hole. */
function leerDiccionario(pdf: Buffer, p: number, rango: Hallazgo['rango'], limites: LimitesFirmas): Hallazgo {
  const [, b, c] = rango;
  if (c - b > 2 * limites.maxContentsBytes + 1024) throw new FirmasFueraDeLimites(`un /Contents supera ${limites.maxContentsBytes} bytes`);
  // The hole must be this dictionary's /Contents: not a hex string elsewhere (an annotation's
  // text, say), which would then be left out of what is signed.
  const entre = p < b ? pdf.subarray(p, b) : pdf.subarray(Math.min(c, p), p);
  const mismoObjeto = Math.abs(p - b) <= VENTANA_DICCIONARIO && !entre.includes(ENDOBJ);
  const hueco = b < c && c <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e && antesEs(pdf, b, CONTENTS) && mismoObjeto;
  const inicio = Math.max(0, p - VENTANA_DICCIONARIO);
  const fin = Math.min(pdf.length, (hueco ? c : p) + VENTANA_DICCIONARIO);
  const alrededor = hueco
    ? pdf.subarray(inicio, b).toString('latin1') + ' ' + pdf.subarray(c, fin).toString('latin1')
    : pdf.subarray(inicio, fin).toString('latin1');
  // The object holding the /ByteRange: from its last `obj` before to the first `endobj` after.
  const enP = p - inicio;
  const desde = Math.max(0, alrededor.lastIndexOf(' obj', enP));
  const hasta = alrededor.indexOf('endobj', enP);
  const dict = alrededor.slice(desde, hasta < 0 ? undefined : hasta);
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]{1,64})/.exec(dict)?.[1] ?? null;
  const m = /\/M\s*\((D:[0-9Z+'-]{4,32})\)/.exec(dict)?.[1];
  return { rango, hueco, contents: hueco ? hexABytes(pdf.subarray(b + 1, c - 1)) : null, subFilter, m: m ? fechaPdf(m) : null };
}

/** Whether `palabra` ends right before `en`, white space between. */
function antesEs(pdf: Buffer, en: number, palabra: Buffer): boolean {
  let i = en - 1;
  while (i >= 0 && (pdf[i] === 0x20 || pdf[i] === 0x0a || pdf[i] === 0x0d || pdf[i] === 0x09)) i--;
  const inicio = i + 1 - palabra.length;
  return inicio >= 0 && pdf.subarray(inicio, i + 1).equals(palabra);
}

/** A hex string's bytes (white space ignored), or null when it holds anything else or is too long. */
function hexABytes(hex: Buffer): Buffer | null {
  const limpio = hex.toString('latin1').replace(/\s+/g, '');
  if (!/^[0-9A-Fa-f]*$/.test(limpio) || limpio.length === 0) return null;
  return Buffer.from(limpio.length % 2 ? `${limpio}0` : limpio, 'hex');
}

/** D:YYYYMMDDHHmmSS+HH'mm' (later parts optional; no offset means UTC here). */
function fechaPdf(d: string): Date | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+-])(\d{2})?'?(\d{2})?'?)?$/.exec(d);
  if (!m) return null;
  const [, y, mo = '01', da = '01', h = '00', mi = '00', s = '00', signo, oh = '00', om = '00'] = m;
  const utc = Date.UTC(+y, +mo - 1, +da, +h, +mi, +s);
  const desfase = signo === '+' || signo === '-' ? (signo === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000 : 0;
  const fecha = new Date(utc - desfase);
  return Number.isNaN(fecha.getTime()) ? null : fecha;
}

const vacia = (h: Hallazgo, pdf: Buffer): FirmaArchivo => ({
  resultado: 'NO_VALIDA',
  codigo: 'CONTENIDO_ILEGIBLE',
  motivo: MOTIVOS.CONTENIDO_ILEGIBLE,
  subFilter: h.subFilter,
  firmante: null,
  dni: null,
  ruc: null,
  emisor: null,
  serie: null,
  fechaFirma: null,
  fuenteFecha: 'DESCONOCIDA',
  revocacion: 'NO_VERIFICADA',
  modificadoDespues: h.rango[2] + h.rango[3] < pdf.length,
});

async function verificarUna(pdf: Buffer, h: Hallazgo, almacen: AlmacenConfianza, limites: LimitesFirmas, ahora: Date): Promise<FirmaArchivo> {
  const base = vacia(h, pdf);
  const [a, b, c, d] = h.rango;
  if (a !== 0 || b >= c || c + d > pdf.length || !h.hueco) {
    return conMotivo(base, 'NO_VALIDA', 'RANGO_INVALIDO');
  }
  if (!h.contents) return base;
  if (!h.subFilter || !SUBFILTERS.has(h.subFilter)) return conMotivo(base, 'INDETERMINADA', 'SUBFILTER_NO_SOPORTADO', h.subFilter ?? 'ausente');

  let signed: pkijs.SignedData;
  try {
    const asn = asn1js.fromBER(new Uint8Array(h.contents));
    if (asn.offset === -1) return base;
    const info = new pkijs.ContentInfo({ schema: asn.result });
    if (info.contentType !== OID.signedData) return base;
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    return base;
  }
  if (signed.signerInfos.length !== 1) return conMotivo(base, 'NO_VALIDA', 'CONTENIDO_ILEGIBLE', `${signed.signerInfos.length} firmantes en un CMS`);
  const certs = (signed.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
  if (certs.length > limites.maxCertificados) throw new FirmasFueraDeLimites(`un CMS lleva más de ${limites.maxCertificados} certificados`);

  const datos = Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]);
  let verificacion: pkijs.SignedDataVerifyResult;
  try {
    verificacion = await signed.verify({ signer: 0, data: aArrayBuffer(datos), extendedMode: true });
  } catch (err) {
    const e = err as pkijs.SignedDataVerifyError;
    const conCert = e.signerCertificate ? { ...base, ...datosCertificado(e.signerCertificate) } : base;
    if (/digest/i.test(e.message ?? '')) return conMotivo(conCert, 'NO_VALIDA', 'DIGEST_NO_COINCIDE');
    return conMotivo(conCert, 'NO_VALIDA', e.signerCertificate ? 'FIRMA_CMS_INVALIDA' : 'CONTENIDO_ILEGIBLE', e.message);
  }
  const cert = verificacion.signerCertificate;
  if (!cert) return base;
  const f: FirmaArchivo = { ...base, ...datosCertificado(cert) };
  if (!verificacion.signatureVerified) return conMotivo(f, 'NO_VALIDA', 'FIRMA_CMS_INVALIDA');

  const fecha = await fechaDeFirma(signed, h, almacen);
  const conFecha: FirmaArchivo = { ...f, fechaFirma: fecha.fecha?.toISOString() ?? null, fuenteFecha: fecha.fuente };
  if (!fecha.fecha) return conMotivo(conFecha, 'INDETERMINADA', 'FECHA_DESCONOCIDA');
  if (!usoDeFirma(cert)) return conMotivo(conFecha, 'NO_VALIDA', 'USO_DE_LLAVE_NO_PERMITIDO');

  let ruta: pkijs.Certificate[];
  try {
    const motor = new pkijs.CertificateChainValidationEngine({
      trustedCerts: almacen.certificados,
      certs: [...almacen.certificados, ...certs.filter((x) => x !== cert), cert],
      checkDate: fecha.fecha,
    });
    const r = await motor.verify();
    if (!r.result) return fallaDeCadena(conFecha, r);
    ruta = r.certificatePath ?? [];
  } catch (err) {
    return fallaDeCadena(conFecha, err as { resultCode?: number; resultMessage?: string; message?: string });
  }

  const crls = [...almacen.crls, ...(signed.crls ?? []).filter((x): x is pkijs.CertificateRevocationList => x instanceof pkijs.CertificateRevocationList)];
  const revocacion = await revocacionDeRuta(ruta, crls, ahora);
  const conRevocacion: FirmaArchivo = { ...conFecha, revocacion: revocacion.estado === 'REVOCADO' ? 'REVOCADO' : revocacion.estado };
  if (revocacion.estado === 'REVOCADO') {
    if (revocacion.fecha <= fecha.fecha) return conMotivo(conRevocacion, 'NO_VALIDA', 'CERTIFICADO_REVOCADO', `el ${revocacion.fecha.toISOString()}`);
    if (fecha.fuente !== 'SELLO_DE_TIEMPO') return conMotivo(conRevocacion, 'INDETERMINADA', 'REVOCACION_POSTERIOR', `el ${revocacion.fecha.toISOString()}`);
    // Revoked after a time a trusted timestamp proves: the signature stands.
    return conMotivo({ ...conRevocacion, revocacion: 'NO_REVOCADO' }, 'VALIDA', 'FIRMA_VALIDA');
  }
  if (revocacion.estado === 'NO_VERIFICADA') return conMotivo(conRevocacion, 'INDETERMINADA', 'REVOCACION_NO_VERIFICADA');
  return conMotivo(conRevocacion, 'VALIDA', 'FIRMA_VALIDA');
}

/** pkijs's chain result code 8: a certificate of the path was not valid at the check date. */
const NO_VIGENTE = 8;

function fallaDeCadena(f: FirmaArchivo, e: { resultCode?: number; resultMessage?: string; message?: string }): FirmaArchivo {
  if (e.resultCode === NO_VIGENTE) return conMotivo(f, 'NO_VALIDA', 'CERTIFICADO_NO_VIGENTE');
  return conMotivo(f, 'INDETERMINADA', 'CADENA_NO_CONFIABLE', e.resultMessage ?? e.message);
}

type Revocacion = { estado: 'NO_REVOCADO' | 'NO_VERIFICADA' } | { estado: 'REVOCADO'; fecha: Date };

/**
 * Each certificate of the path but the self-signed root against a current CRL of its issuer,
 * the CRL's signature checked with that issuer's key. One without such a CRL leaves the path
 * unchecked.
 */
async function revocacionDeRuta(ruta: pkijs.Certificate[], crls: pkijs.CertificateRevocationList[], ahora: Date): Promise<Revocacion> {
  let completa = true;
  for (let i = 0; i < ruta.length - 1; i++) {
    const cert = ruta[i];
    const emisor = ruta[i + 1];
    let vigente: pkijs.CertificateRevocationList | null = null;
    for (const lista of crls) {
      if (!lista.issuer.isEqual(emisor.subject)) continue;
      if (lista.thisUpdate.value > ahora || (lista.nextUpdate && lista.nextUpdate.value < ahora)) continue;
      try {
        if (await lista.verify({ issuerCertificate: emisor })) {
          vigente = lista;
          break;
        }
      } catch {
        // A CRL that does not verify is not evidence either way.
      }
    }
    if (!vigente) {
      completa = false;
      continue;
    }
    if (vigente.isCertificateRevoked(cert)) {
      const entrada = vigente.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.serialNumber));
      return { estado: 'REVOCADO', fecha: entrada?.revocationDate.value ?? new Date(0) };
    }
  }
  return { estado: completa ? 'NO_REVOCADO' : 'NO_VERIFICADA' };
}

/**
 * The signature timestamp's time when the CMS carries one that verifies (its imprint is the
 * signature value's, its TSA chains to the trust store and is one by its extended key usage); else the signed signingTime attribute;
 * else the dictionary's /M. Only the first is evidence; the others are the signer's claim.
 */
async function fechaDeFirma(signed: pkijs.SignedData, h: Hallazgo, almacen: AlmacenConfianza): Promise<Fecha> {
  const info = signed.signerInfos[0];
  const sello = info.unsignedAttrs?.attributes.find((x) => x.type === OID.timeStampToken)?.values[0];
  if (sello) {
    try {
      const tst = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: sello }).content });
      const r = await tst.verify({
        signer: 0,
        data: info.signature.valueBlock.valueHexView.slice().buffer,
        checkChain: true,
        trustedCerts: almacen.certificados,
        extendedMode: true,
      });
      if (r.signatureVerified && r.date && r.signerCertificate && esTsa(r.signerCertificate)) return { fecha: r.date, fuente: 'SELLO_DE_TIEMPO' };
    } catch {
      // An unverifiable timestamp proves nothing: fall back to the claimed time.
    }
  }
  const st = info.signedAttrs?.attributes.find((x) => x.type === OID.signingTime)?.values[0];
  if (st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime) return { fecha: st.toDate(), fuente: 'DECLARADA_CMS' };
  if (h.m) return { fecha: h.m, fuente: 'DECLARADA_PDF' };
  return { fecha: null, fuente: 'DESCONOCIDA' };
}

/** A time-stamping certificate: extended key usage id-kp-timeStamping. */
function esTsa(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID.extKeyUsage);
  return ext?.parsedValue instanceof pkijs.ExtKeyUsage && ext.parsedValue.keyPurposes.includes(OID.timeStamping);
}

/**
 * Whether a document timestamp's token is intact over its range, by an authority of the
 * trust store: pkijs checks the imprint against the data, the token's signature and the chain.
 */
async function selloDeDocumentoIntegro(pdf: Buffer, h: Hallazgo, almacen: AlmacenConfianza): Promise<boolean> {
  const [a, b, c, d] = h.rango;
  if (!h.hueco || !h.contents || a !== 0 || b >= c) return false;
  try {
    const asn = asn1js.fromBER(new Uint8Array(h.contents));
    if (asn.offset === -1) return false;
    const tst = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn.result }).content });
    const datos = aArrayBuffer(Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]));
    const r = await tst.verify({ signer: 0, data: datos, checkChain: true, trustedCerts: almacen.certificados, extendedMode: true });
    return r.signatureVerified === true && !!r.signerCertificate && esTsa(r.signerCertificate);
  } catch {
    return false;
  }
}

/** keyUsage, when present, allows digitalSignature or nonRepudiation. */
function usoDeFirma(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (!ext) return true;
  const bits = ext.parsedValue instanceof asn1js.BitString ? ext.parsedValue.valueBlock.valueHexView : null;
  return !!bits && bits.length > 0 && (bits[0] & 0xc0) !== 0;
}

const NOMBRES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
};

function atributos(n: pkijs.RelativeDistinguishedNames): [string, string][] {
  return n.typesAndValues.map((t) => [t.type, String((t.value as asn1js.BaseStringBlock).valueBlock?.value ?? '')]);
}

const dn = (n: pkijs.RelativeDistinguishedNames) =>
  atributos(n)
    .reverse()
    .map(([t, v]) => `${NOMBRES[t] ?? t}=${v}`)
    .join(', ');

/**
 * Name, DNI and RUC as Peruvian certificates carry them: the DNI in serialNumber ("DNI
 * 12345678", "PNPE-12345678"), the RUC (11 digits, 10/15/16/17/20…) in organizationIdentifier,
 * OU, O or serialNumber.
 */
function datosCertificado(cert: pkijs.Certificate): Pick<FirmaArchivo, 'firmante' | 'dni' | 'ruc' | 'emisor' | 'serie'> {
  const attrs = atributos(cert.subject);
  const de = (oid: string) => attrs.filter(([t]) => t === oid).map(([, v]) => v);
  const serial = de('2.5.4.5');
  const dni = serial.map((v) => /^(?:DNI|PNPE|PNOPE|IDCPE)?[\s:-]*(\d{8})$/i.exec(v.trim())?.[1]).find(Boolean) ?? null;
  const ruc =
    [...de('2.5.4.97'), ...de('2.5.4.11'), ...de('2.5.4.10'), ...serial]
      .map((v) => /(?:^|\D)((?:10|15|16|17|20)\d{9})(?:\D|$)/.exec(v)?.[1])
      .find(Boolean) ?? null;
  return {
    firmante: de('2.5.4.3')[0] ?? null,
    dni,
    ruc,
    emisor: dn(cert.issuer),
    serie: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
  };
}
