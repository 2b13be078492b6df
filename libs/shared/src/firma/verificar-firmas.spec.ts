import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { caPrueba, CaPrueba, firmarPdf, pdfSimple, sellarDocumento, selloDeTiempo } from '../testing/ca-prueba';
import { almacenDe, AlmacenConfianza } from './almacen-confianza';
import { FirmasFueraDeLimites, verificarFirmasPdf } from './verificar-firmas';

const MB = 1024 * 1024;
/** The claimed signing time of `firmado`: ten minutes ago, whole seconds (UTCTime has no fraction). */
const FIRMADO_EN = new Date(Math.floor(Date.now() / 1000) * 1000 - 600_000);

describe('verificarFirmasPdf', () => {
  let ca: CaPrueba;
  let almacen: AlmacenConfianza;
  let original: Buffer;
  let firmado: Buffer;

  beforeAll(async () => {
    ca = await caPrueba();
    almacen = almacenDe([Buffer.from(ca.raiz.pem), Buffer.from(ca.intermedia.pem)], [ca.crl, ca.crlRaiz]);
    original = await pdfSimple();
    firmado = await firmarPdf(original, ca.firmante, [], { firmadoEn: FIRMADO_EN });
  });

  it('finds no signature in an unsigned PDF, nor in bytes that are not a PDF', async () => {
    expect(await verificarFirmasPdf(original, almacen)).toEqual([]);
    expect(await verificarFirmasPdf(Buffer.from('no es un PDF /ByteRange [0 1 2 3]'), almacen)).toEqual([]);
  });

  it('accepts a signature chained to the trust store and checked against its CRLs, with who signed', async () => {
    const [f] = await verificarFirmasPdf(firmado, almacen);
    expect(f).toMatchObject({
      resultado: 'VALIDA',
      codigo: 'FIRMA_VALIDA',
      subFilter: 'adbe.pkcs7.detached',
      firmante: 'QUISPE MAMANI Rosa',
      dni: '12345678',
      ruc: '20123456789',
      emisor: 'CN=Intermedia de Prueba, C=PE',
      serie: Buffer.from(ca.firmante.cert.serialNumber.valueBlock.valueHexView).toString('hex'),
      fechaFirma: FIRMADO_EN.toISOString(),
      fuenteFecha: 'DECLARADA_CMS',
      revocacion: 'NO_REVOCADO',
      modificadoDespues: false,
    });
  });

  it('accepts ETSI.CAdES.detached too, with the intermediate carried in the CMS instead of the store', async () => {
    const pdf = await firmarPdf(original, ca.firmante, [ca.intermedia], { subFilter: SUBFILTER_ETSI_CADES_DETACHED });
    const soloRaiz = almacenDe([Buffer.from(ca.raiz.pem)], [ca.crl, ca.crlRaiz]);
    expect(await verificarFirmasPdf(pdf, soloRaiz)).toMatchObject([{ resultado: 'VALIDA', subFilter: 'ETSI.CAdES.detached' }]);
  });

  it('says revocation could not be checked when no CRL covers the chain', async () => {
    const sinCrl = almacenDe([Buffer.from(ca.raiz.pem), Buffer.from(ca.intermedia.pem)]);
    expect(await verificarFirmasPdf(firmado, sinCrl)).toMatchObject([
      { resultado: 'INDETERMINADA', codigo: 'REVOCACION_NO_VERIFICADA', revocacion: 'NO_VERIFICADA', firmante: 'QUISPE MAMANI Rosa' },
    ]);
  });

  it('refuses a signature over content changed by one byte', async () => {
    const alterado = Buffer.from(firmado);
    const i = alterado.indexOf('stream') + 10;
    alterado[i] ^= 0x01;
    expect(await verificarFirmasPdf(alterado, almacen)).toMatchObject([{ resultado: 'NO_VALIDA', codigo: 'DIGEST_NO_COINCIDE' }]);
  });

  it('marks a signature followed by an unsigned incremental update', async () => {
    const actualizado = Buffer.concat([firmado, Buffer.from('\n9 0 obj\n(otro texto)\nendobj\n%%EOF\n', 'latin1')]);
    expect(await verificarFirmasPdf(actualizado, almacen)).toMatchObject([
      { resultado: 'INDETERMINADA', codigo: 'MODIFICADO_DESPUES_DE_FIRMAR', modificadoDespues: true, firmante: 'QUISPE MAMANI Rosa' },
    ]);
  });

  it('does not trust a chain to a root outside the store', async () => {
    const pdf = await firmarPdf(original, ca.ajeno);
    expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([{ resultado: 'INDETERMINADA', codigo: 'CADENA_NO_CONFIABLE', firmante: 'Firmante Ajeno' }]);
  });

  it('refuses a certificate that had expired when it signed', async () => {
    const pdf = await firmarPdf(original, ca.vencido);
    expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([{ resultado: 'NO_VALIDA', codigo: 'CERTIFICADO_NO_VIGENTE' }]);
  });

  it('refuses a certificate revoked before it signed', async () => {
    const pdf = await firmarPdf(original, ca.revocado);
    expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([
      { resultado: 'NO_VALIDA', codigo: 'CERTIFICADO_REVOCADO', revocacion: 'REVOCADO', dni: '87654321' },
    ]);
  });

  it('holds as indeterminate a claimed signing time earlier than the revocation', async () => {
    const pdf = await firmarPdf(original, ca.revocado, [], { firmadoEn: new Date(Date.now() - 86_400_000) });
    expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([{ resultado: 'INDETERMINADA', codigo: 'REVOCACION_POSTERIOR' }]);
  });

  it('takes the signing time from a signature timestamp, which upholds a signature made before a later revocation', async () => {
    const sellado = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3_600_000);
    const pdf = await firmarPdf(original, ca.revocado, [], { sellar: (valor) => selloDeTiempo(valor, ca.tsa, sellado) });
    expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([
      { resultado: 'VALIDA', fechaFirma: sellado.toISOString(), fuenteFecha: 'SELLO_DE_TIEMPO', revocacion: 'NO_REVOCADO' },
    ]);
  });

  it('does not take the time of a timestamp by an untrusted authority, by a certificate that is no TSA, or over another signature', async () => {
    const antes = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3_600_000);
    const ajena = await firmarPdf(original, ca.revocado, [], { sellar: (valor) => selloDeTiempo(valor, ca.ajeno, antes) });
    const otra = await firmarPdf(original, ca.revocado, [], { sellar: (valor) => selloDeTiempo(Buffer.concat([valor, Buffer.from([0])]), ca.tsa, antes) });
    const noTsa = await firmarPdf(original, ca.revocado, [], { sellar: (valor) => selloDeTiempo(valor, ca.firmante, antes) });
    for (const pdf of [ajena, otra, noTsa]) {
      expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([{ resultado: 'NO_VALIDA', codigo: 'CERTIFICADO_REVOCADO', fuenteFecha: 'DECLARADA_CMS' }]);
    }
  });

  it('takes a trusted document timestamp (PAdES-LTA) after the signature as covering it, and reports no signer for it', async () => {
    const sellado = await sellarDocumento(firmado, ca.tsa);
    expect(await verificarFirmasPdf(sellado, almacen)).toMatchObject([{ resultado: 'VALIDA', modificadoDespues: true, firmante: 'QUISPE MAMANI Rosa' }]);
    const ajeno = await sellarDocumento(firmado, ca.ajeno);
    expect(await verificarFirmasPdf(ajeno, almacen)).toMatchObject([{ resultado: 'INDETERMINADA', codigo: 'MODIFICADO_DESPUES_DE_FIRMAR' }]);
  });

  it('verifies two signatures, the first covered by the second', async () => {
    const doble = await firmarPdf(firmado, ca.firmante);
    const firmas = await verificarFirmasPdf(doble, almacen);
    expect(firmas).toMatchObject([
      { resultado: 'VALIDA', modificadoDespues: true },
      { resultado: 'VALIDA', modificadoDespues: false },
    ]);
  });

  it('reports the bad one of two signatures', async () => {
    const doble = await firmarPdf(firmado, ca.revocado);
    expect(await verificarFirmasPdf(doble, almacen)).toMatchObject([
      { resultado: 'VALIDA', firmante: 'QUISPE MAMANI Rosa' },
      { resultado: 'NO_VALIDA', codigo: 'CERTIFICADO_REVOCADO' },
    ]);
  });

  it.each([
    ['not hex', (n: number) => 'zz'.repeat(n)],
    ['hex that is not DER', (n: number) => '30ff'.repeat(n / 2)],
    ['DER that is not a CMS', (n: number) => `0403414243${'0'.repeat(2 * n - 10)}`],
  ])('refuses a malformed /Contents: %s', async (_nombre, relleno) => {
    const b = firmado.indexOf('/Contents <') + '/Contents <'.length;
    const c = firmado.indexOf('>', b);
    const roto = Buffer.concat([firmado.subarray(0, b), Buffer.from(relleno((c - b) / 2), 'latin1'), firmado.subarray(c)]);
    expect(roto.length).toBe(firmado.length);
    expect(await verificarFirmasPdf(roto, almacen)).toMatchObject([{ resultado: 'NO_VALIDA', codigo: 'CONTENIDO_ILEGIBLE' }]);
  });

  it('refuses a /ByteRange whose hole is not the /Contents string', async () => {
    const texto = firmado.toString('latin1');
    const [, a, b, c, d] = (/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(texto) ?? []).map(Number);
    const viejo = `/ByteRange [${a} ${b} ${c} ${d}`;
    const nuevo = `/ByteRange [${a} ${b - 20} ${c} ${d}`;
    const roto = Buffer.from(texto.replace(viejo, nuevo.padEnd(viejo.length, ' ')), 'latin1');
    expect(await verificarFirmasPdf(roto, almacen)).toMatchObject([{ resultado: 'NO_VALIDA', codigo: 'RANGO_INVALIDO' }]);
  });

  it('refuses a /ByteRange whose hole is the /Contents of another object', async () => {
    const hex = 'ab'.repeat(64);
    const armar = (b: number, c: number, d: number) =>
      `%PDF-1.7\n1 0 obj << /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 ${String(b).padStart(6, '0')} ${String(c).padStart(6, '0')} ${String(d).padStart(6, '0')}] >> endobj\n` +
      `2 0 obj << /Type /Annot /Contents <${hex}> >> endobj\n%%EOF\n`;
    const borrador = armar(0, 0, 0);
    const b = borrador.indexOf('<ab');
    const c = b + hex.length + 2;
    const pdf = Buffer.from(armar(b, c, borrador.length - c), 'latin1');
    expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([{ resultado: 'NO_VALIDA', codigo: 'RANGO_INVALIDO' }]);
  });

  it('does not verify a SubFilter it does not support', async () => {
    const pdf = Buffer.from(firmado.toString('latin1').replace('/SubFilter /adbe.pkcs7.detached', '/SubFilter /adbe.pkcs7.sha1    '), 'latin1');
    expect(await verificarFirmasPdf(pdf, almacen)).toMatchObject([{ resultado: 'INDETERMINADA', codigo: 'SUBFILTER_NO_SOPORTADO' }]);
  });

  it.each([
    ['too large a file', () => Buffer.alloc(2 * MB, 0x20), { maxBytes: MB }],
    ['too many signature dictionaries', () => Buffer.from(`%PDF-1.7\n${Array.from({ length: 50_000 }, (_, i) => `/ByteRange [0 ${i} ${i + 1} 1]`).join('\n')}`), {}],
    ['a huge /Contents', () => Buffer.from(`%PDF-1.7\n1 0 obj << /ByteRange [0 20 ${20 + 4 * MB} 1] /Contents <${'a'.repeat(4 * MB)}> >>`), {}],
    ['no end before the time limit', () => Buffer.from(`%PDF-1.7\n${'/ByteRange [ '.repeat(3 * MB)}`), { tiempoMs: 1 }],
  ])('ends within its limits on %s', async (_nombre, pdf, limites) => {
    await expect(verificarFirmasPdf(pdf(), almacen, { limites })).rejects.toThrow(FirmasFueraDeLimites);
  });

  it('stops with the reason of its signal (the job time limit)', async () => {
    const limite = new AbortController();
    const verificacion = verificarFirmasPdf(Buffer.from(`%PDF-1.7\n${'/ByteRange [ '.repeat(2 * MB)}`), almacen, { signal: limite.signal });
    setImmediate(() => limite.abort(new Error('tiempo límite del trabajo')));
    await expect(verificacion).rejects.toThrow('tiempo límite del trabajo');
  });
});
