import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import PDFDocument from 'pdfkit';
import * as pkijs from 'pkijs';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import signpdf from '@signpdf/signpdf';
import { SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';
import { Credencial, firmarPdf as firmarPdfCon, SignerDe } from '../firma/firmar';

/**
 * A certification authority made during a test (root, intermediate, signers, a CRL) with
 * pkijs over WebCrypto, PKCS#12 files of it made by openssl, and PDFs signed with it by the
 * signer of libs/shared/src/firma. Nothing here is for production.
 */

const RSA: webcrypto.RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
const DIA = 86_400_000;

interface Llaves {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

export interface Identidad {
  cert: pkijs.Certificate;
  llaves: Llaves;
  /** DER of the certificate. */
  der: Buffer;
  pem: string;
}

interface OpcionesCertificado {
  cn: string;
  /** Extra subject attributes, by OID (e.g. 2.5.4.5 serialNumber, 2.5.4.11 OU, 2.5.4.97 organizationIdentifier). */
  atributos?: [string, string][];
  desde?: Date;
  hasta?: Date;
  ca?: boolean;
  /** keyUsage first byte (0x80 digitalSignature, 0x40 nonRepudiation, 0x04 keyCertSign, 0x02 cRLSign). */
  usos?: number;
  serial?: number;
  /** Extended key usages (critical), e.g. 1.3.6.1.5.5.7.3.8 for a time-stamp authority. */
  eku?: string[];
}

let siguienteSerial = 1000;

const nombre = (cn: string, atributos: [string, string][] = []) =>
  new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.6', value: new asn1js.PrintableString({ value: 'PE' }) }),
      ...atributos.map(
        ([type, value]) =>
          new pkijs.AttributeTypeAndValue({
            type,
            value: type === '2.5.4.5' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
          }),
      ),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }),
    ],
  });

export const aPem = (etiqueta: string, der: ArrayBuffer | Buffer) =>
  `-----BEGIN ${etiqueta}-----\n${Buffer.from(der as ArrayBuffer).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${etiqueta}-----\n`;

async function nuevasLlaves(): Promise<Llaves> {
  return (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as unknown as Llaves;
}

/** A certificate for `o`, signed by `emisor` (self-signed without it). */
async function certificado(o: OpcionesCertificado, emisor?: Identidad): Promise<Identidad> {
  const llaves = await nuevasLlaves();
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: o.serial ?? siguienteSerial++ });
  cert.subject = nombre(o.cn, o.atributos);
  cert.issuer = emisor ? emisor.cert.subject : cert.subject;
  cert.notBefore.value = o.desde ?? new Date(Date.now() - DIA);
  cert.notAfter.value = o.hasta ?? new Date(Date.now() + 365 * DIA);
  const bc = new pkijs.BasicConstraints({ cA: o.ca ?? false });
  const usos = o.usos ?? (o.ca ? 0x06 : 0xc0);
  const ku = new asn1js.BitString({ valueHex: new Uint8Array([usos]).buffer, unusedBits: 1 });
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: bc.toSchema().toBER(false), parsedValue: bc }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: ku.toBER(false), parsedValue: ku }),
  ];
  if (o.eku) {
    const eku = new pkijs.ExtKeyUsage({ keyPurposes: o.eku });
    cert.extensions.push(new pkijs.Extension({ extnID: '2.5.29.37', critical: true, extnValue: eku.toSchema().toBER(false), parsedValue: eku }));
  }
  await cert.subjectPublicKeyInfo.importKey(llaves.publicKey);
  await cert.sign((emisor?.llaves ?? llaves).privateKey, 'SHA-256');
  const der = Buffer.from(cert.toSchema(true).toBER(false));
  return { cert, llaves, der, pem: aPem('CERTIFICATE', der) };
}

/** A CRL of `emisor` that revokes `revocados` (at `cuando`, an hour ago by default). */
async function crl(emisor: Identidad, revocados: Identidad[], cuando = new Date(Date.now() - 3_600_000)): Promise<Buffer> {
  const lista = new pkijs.CertificateRevocationList();
  lista.version = 1;
  lista.issuer = emisor.cert.subject;
  lista.thisUpdate = new pkijs.Time({ type: 0, value: new Date(Date.now() - 3_600_000) });
  lista.nextUpdate = new pkijs.Time({ type: 0, value: new Date(Date.now() + 7 * DIA) });
  lista.revokedCertificates = revocados.map(
    (r) => new pkijs.RevokedCertificate({ userCertificate: r.cert.serialNumber, revocationDate: new pkijs.Time({ type: 0, value: cuando }) }),
  );
  await lista.sign(emisor.llaves.privateKey, 'SHA-256');
  return Buffer.from(lista.toSchema(true).toBER(false));
}

export interface CaPrueba {
  raiz: Identidad;
  intermedia: Identidad;
  firmante: Identidad;
  revocado: Identidad;
  vencido: Identidad;
  /** Signed by a root nobody trusts. */
  ajeno: Identidad;
  /** CRL of the intermediate, revoking `revocado`. */
  crl: Buffer;
  /** CRL of the root, revoking nothing. */
  crlRaiz: Buffer;
  /** A time-stamp authority under the intermediate. */
  tsa: Identidad;
}

/** Root → intermediate → signers (one revoked, one expired a month ago), and a stranger's chain. */
export async function caPrueba(): Promise<CaPrueba> {
  const raiz = await certificado({ cn: 'Raiz de Prueba', ca: true, hasta: new Date(Date.now() + 3650 * DIA) });
  const intermedia = await certificado({ cn: 'Intermedia de Prueba', ca: true }, raiz);
  const firmante = await certificado(
    { cn: 'QUISPE MAMANI Rosa', atributos: [['2.5.4.5', 'PNPE-12345678'], ['2.5.4.11', 'RUC 20123456789']] },
    intermedia,
  );
  const revocado = await certificado({ cn: 'Firmante Revocado', atributos: [['2.5.4.5', 'DNI 87654321']] }, intermedia);
  const vencido = await certificado({ cn: 'Firmante Vencido', desde: new Date(Date.now() - 400 * DIA), hasta: new Date(Date.now() - 30 * DIA) }, intermedia);
  const otraRaiz = await certificado({ cn: 'Raiz Ajena', ca: true });
  const ajeno = await certificado({ cn: 'Firmante Ajeno' }, otraRaiz);
  const tsa = await certificado({ cn: 'Sellado de Tiempo de Prueba', usos: 0xc0, eku: ['1.3.6.1.5.5.7.3.8'] }, intermedia);
  return { raiz, intermedia, firmante, revocado, vencido, ajeno, crl: await crl(intermedia, [revocado]), crlRaiz: await crl(raiz, []), tsa };
}

/** A PKCS#12 of `id` (key, certificate and `cadena`) as an operator makes one: with openssl. */
export async function p12Prueba(id: Identidad, cadena: Identidad[], password: string, { legacy = false } = {}): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'p12-'));
  try {
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', id.llaves.privateKey);
    await writeFile(join(dir, 'llave.pem'), aPem('PRIVATE KEY', pkcs8));
    await writeFile(join(dir, 'cert.pem'), id.pem);
    await writeFile(join(dir, 'cadena.pem'), cadena.map((c) => c.pem).join('') || id.pem);
    const args = ['pkcs12', '-export', ...(legacy ? ['-legacy'] : []), '-inkey', 'llave.pem', '-in', 'cert.pem', '-certfile', 'cadena.pem'];
    execFileSync('openssl', [...args, '-passout', `pass:${password}`, '-out', 'id.p12'], { cwd: dir, stdio: 'pipe' });
    return await readFile(join(dir, 'id.p12'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `pdf` with one more signature by `firmante` (an incremental update when it is already signed), claimed at `firmadoEn`. */
export function firmarPdf(
  pdf: Buffer,
  firmante: Identidad,
  cadena: Identidad[] = [],
  { subFilter = SUBFILTER_ADOBE_PKCS7_DETACHED, firmadoEn, sellar }: { subFilter?: string; firmadoEn?: Date; sellar?: (valorFirma: Buffer) => Promise<Buffer> } = {},
): Promise<Buffer> {
  return firmarPdfCon(pdf, credencial(firmante, cadena), { subFilter, fecha: firmadoEn, razon: 'Prueba', lugar: 'Lima', signingTimeCms: true, sellar });
}

/**
 * What a time-stamp authority answers (RFC 3161): a token over `valorFirma`, made at `genTime`
 * and signed by `tsa`. For `sellar` of the signer.
 */
export async function selloDeTiempo(valorFirma: Buffer, tsa: Identidad, genTime: Date): Promise<Buffer> {
  const imprint = await webcrypto.subtle.digest('SHA-256', valorFirma);
  const tst = new pkijs.TSTInfo({
    version: 1,
    policy: '1.3.6.1.4.1.99999.1',
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    serialNumber: new asn1js.Integer({ value: siguienteSerial++ }),
    genTime,
  });
  const contenido = tst.toSchema().toBER(false);
  const signed = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.9.16.1.4', eContent: new asn1js.OctetString({ valueHex: contenido }) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: tsa.cert.issuer, serialNumber: tsa.cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.16.1.4' })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: await webcrypto.subtle.digest('SHA-256', contenido) })] }),
          ],
        }),
      }),
    ],
    certificates: [tsa.cert],
  });
  await signed.sign(tsa.llaves.privateKey, 0, 'SHA-256');
  return Buffer.from(new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signed.toSchema(true) }).toSchema().toBER(false));
}

/** `pdf` with a document timestamp (PAdES-LTA: SubFilter ETSI.RFC3161) by `tsa`, in an incremental update. */
export function sellarDocumento(pdf: Buffer, tsa: Identidad, genTime = new Date()): Promise<Buffer> {
  const conHueco = plainAddPlaceholder({ pdfBuffer: pdf, reason: '', contactInfo: '', name: '', location: '', subFilter: 'ETSI.RFC3161', signingTime: genTime });
  return signpdf.sign(conHueco, new SignerDe((datos) => selloDeTiempo(datos, tsa, genTime)));
}

export const credencial = (id: Identidad, cadena: Identidad[] = []): Credencial => ({
  llave: id.llaves.privateKey,
  certificado: id.cert,
  cadena: cadena.map((c) => c.cert),
});

/** A one-page PDF made with pdfkit (a classic cross-reference table, as the placeholder needs). */
export function pdfSimple(texto = 'Solicitud de acceso a la información'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const partes: Buffer[] = [];
  doc.on('data', (b: Buffer) => partes.push(b));
  const fin = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(partes))));
  doc.text(texto);
  doc.end();
  return fin;
}
