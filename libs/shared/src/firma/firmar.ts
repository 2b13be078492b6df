import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import signpdf from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

/** A signing key with its certificate and the chain sent along (intermediates). */
export interface Credencial {
  llave: webcrypto.CryptoKey;
  certificado: pkijs.Certificate;
  cadena: pkijs.Certificate[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
};

const aArrayBuffer = (b: Buffer | Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const atributo = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });

interface OpcionesCms {
  /** Also a CMS signingTime attribute (not PAdES baseline; what adbe.pkcs7.detached signers add). */
  signingTime?: Date;
  /**
   * A time-stamp authority: given the signature value, answers an RFC 3161 token (a DER
   * ContentInfo) that goes in as the signature-time-stamp unsigned attribute (PAdES-B-T).
   */
  sellar?: (valorFirma: Buffer) => Promise<Buffer>;
}

/**
 * A detached CMS SignedData over `datos`, CAdES baseline: content type, message digest and
 * the ESS signing-certificate-v2 (SHA-256 of the signer's certificate) as signed attributes,
 * the certificate and its chain carried along. The signing time belongs in the PDF's /M for
 * PAdES; `signingTime` adds the CMS attribute as well (what adbe.pkcs7.detached signers do).
 */
async function cmsDesprendido(datos: Buffer, c: Credencial, { signingTime, sellar }: OpcionesCms = {}): Promise<Buffer> {
  const digest = await webcrypto.subtle.digest('SHA-256', datos);
  const huellaCert = await webcrypto.subtle.digest('SHA-256', c.certificado.toSchema(true).toBER(false));
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: huellaCert })] })] })] });
  const atributos = [
    atributo(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    ...(signingTime ? [atributo(OID.signingTime, new asn1js.UTCTime({ valueDate: signingTime }))] : []),
    atributo(OID.messageDigest, new asn1js.OctetString({ valueHex: digest })),
    atributo(OID.signingCertificateV2, essCertIdV2),
  ];
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: c.certificado.issuer, serialNumber: c.certificado.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: atributos }),
      }),
    ],
    certificates: [c.certificado, ...c.cadena],
  });
  await signed.sign(c.llave, 0, 'SHA-256');
  if (sellar) {
    const info = signed.signerInfos[0];
    const token = asn1js.fromBER(new Uint8Array(await sellar(Buffer.from(info.signature.valueBlock.valueHexView))));
    if (token.offset === -1) throw new Error('the timestamp token is not DER');
    info.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [atributo(OID.timeStampToken, token.result)] });
  }
  const info = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signed.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

/** An @signpdf Signer that answers `firmar(bytes of the range)`: a CMS, or a timestamp token. */
export class SignerDe extends Signer {
  constructor(private readonly firmar: (datos: Buffer) => Promise<Buffer>) {
    super();
  }

  override sign(datos: Buffer): Promise<Buffer> {
    return this.firmar(datos);
  }
}

export interface OpcionesFirmaPdf {
  /** The dictionary's /M (now by default). */
  fecha?: Date;
  razon?: string;
  lugar?: string;
  contacto?: string;
  /** Default ETSI.CAdES.detached (PAdES). */
  subFilter?: string;
  /** Also a CMS signingTime attribute (not PAdES baseline; for adbe.pkcs7.detached). */
  signingTimeCms?: boolean;
  /** See OpcionesCms. */
  sellar?: OpcionesCms['sellar'];
}

/** Bytes reserved for the CMS: the certificate chain of a national PKI fits with room to spare. */
const HUECO_BYTES = 16_384;

/**
 * `pdf` with one more signature, through @signpdf's placeholder (an incremental update: an
 * already signed file keeps its signatures) and a CMS made by `cmsDesprendido`. With the
 * defaults it is PAdES-B-B: ETSI.CAdES.detached, signing-certificate-v2, time in /M.
 */
export async function firmarPdf(pdf: Buffer, c: Credencial, o: OpcionesFirmaPdf = {}): Promise<Buffer> {
  const fecha = o.fecha ?? new Date();
  const cn = c.certificado.subject.typesAndValues.find((t) => t.type === '2.5.4.3')?.value.valueBlock.value;
  const conHueco = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: o.razon ?? 'Firma',
    contactInfo: o.contacto ?? '',
    name: typeof cn === 'string' ? cn : 'Firmante',
    location: o.lugar ?? '',
    subFilter: o.subFilter ?? SUBFILTER_ETSI_CADES_DETACHED,
    signingTime: fecha,
    signatureLength: HUECO_BYTES,
  });
  const opciones: OpcionesCms = { signingTime: o.signingTimeCms ? fecha : undefined, sellar: o.sellar };
  return signpdf.sign(conHueco, new SignerDe((datos) => cmsDesprendido(datos, c, opciones)), fecha);
}

/** The PKCS#12 cannot be used (wrong password, legacy cipher, no key or no matching certificate). */
export class P12Invalido extends Error {
  override name = 'P12Invalido';
}

/**
 * The key, its certificate and the other certificates (the chain) of a PKCS#12 file, with
 * pkijs: PBES2 ciphers (what OpenSSL 3 writes). A file with the legacy PKCS#12 ciphers
 * (3DES/RC2) is refused with a message saying how to convert it.
 */
export async function leerP12(p12: Buffer, password: string): Promise<Credencial> {
  const clave = aArrayBuffer(new TextEncoder().encode(password));
  const llaves: pkijs.PrivateKeyInfo[] = [];
  const certs: pkijs.Certificate[] = [];
  try {
    const pfx = pkijs.PFX.fromBER(aArrayBuffer(p12));
    await pfx.parseInternalValues({ password: clave, checkIntegrity: true });
    const safe = pfx.parsedValue?.authenticatedSafe;
    if (!safe) throw new P12Invalido('no authenticated safe');
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: clave })) });
    for (const contenido of safe.parsedValue?.safeContents ?? []) {
      for (const bolsa of contenido.value.safeBags) {
        if (bolsa.bagId === OID.shroudedKeyBag) {
          const b = bolsa.bagValue as pkijs.PKCS8ShroudedKeyBag;
          // Public in the library, declared protected in its types.
          await (b as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: clave });
          if (b.parsedValue) llaves.push(b.parsedValue);
        } else if (bolsa.bagId === OID.certBag) {
          const cert = (bolsa.bagValue as pkijs.CertBag).parsedValue;
          if (cert instanceof pkijs.Certificate) certs.push(cert);
        }
      }
    }
  } catch (err) {
    const mensaje = (err as Error).message ?? String(err);
    if (/1\.2\.840\.113549\.1\.12\.1\./.test(mensaje)) {
      throw new P12Invalido(
        'it uses a legacy PKCS#12 cipher; convert it: openssl pkcs12 -legacy -in old.p12 -nodes | openssl pkcs12 -export -out new.p12',
      );
    }
    throw new P12Invalido(mensaje);
  }
  if (llaves.length !== 1) throw new P12Invalido(`it holds ${llaves.length} private keys, not one`);
  const pkcs8 = llaves[0].toSchema().toBER(false);
  const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const llave = await webcrypto.subtle.importKey('pkcs8', pkcs8, rsa, false, ['sign']);
  // The certificate of the key: the one whose public key (n, e) is the key's.
  const { n, e } = await webcrypto.subtle.exportKey('jwk', await webcrypto.subtle.importKey('pkcs8', pkcs8, rsa, true, ['sign']));
  const publica = await webcrypto.subtle.exportKey('spki', await webcrypto.subtle.importKey('jwk', { kty: 'RSA', n, e }, rsa, true, ['verify']));
  const spki = Buffer.from(publica);
  const certificado = certs.find((x) => Buffer.from(x.subjectPublicKeyInfo.toSchema().toBER(false)).equals(spki));
  if (!certificado) throw new P12Invalido('no certificate matches its private key');
  return { llave, certificado, cadena: certs.filter((x) => x !== certificado) };
}
