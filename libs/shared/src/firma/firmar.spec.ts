import { caPrueba, CaPrueba, credencial, p12Prueba, pdfSimple } from '../testing/ca-prueba';
import { almacenDe, AlmacenConfianza } from './almacen-confianza';
import { firmarPdf, leerP12, P12Invalido } from './firmar';
import { verificarFirmasPdf } from './verificar-firmas';

describe('firmarPdf and leerP12', () => {
  let ca: CaPrueba;
  let almacen: AlmacenConfianza;

  beforeAll(async () => {
    ca = await caPrueba();
    almacen = almacenDe([Buffer.from(ca.raiz.pem)], [ca.crl, ca.crlRaiz]);
  });

  it('signs PAdES-B-B with the key of a PKCS#12 made by openssl, and the verifier accepts it', async () => {
    const c = await leerP12(await p12Prueba(ca.firmante, [ca.intermedia], 'clave-p12'), 'clave-p12');
    expect(c.cadena).toHaveLength(1);
    const fecha = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const pdf = await firmarPdf(await pdfSimple(), c, { fecha, razon: 'Cargo de recepción' });
    expect(pdf.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(await verificarFirmasPdf(pdf, almacen)).toEqual([
      expect.objectContaining({
        resultado: 'VALIDA',
        subFilter: 'ETSI.CAdES.detached',
        firmante: 'QUISPE MAMANI Rosa',
        // PAdES baseline: the time is the dictionary's /M, not a CMS attribute.
        fechaFirma: fecha.toISOString(),
        fuenteFecha: 'DECLARADA_PDF',
      }),
    ]);
  });

  it('keeps an earlier signature valid when it signs again', async () => {
    const una = await firmarPdf(await pdfSimple(), credencial(ca.firmante, [ca.intermedia]));
    const dos = await firmarPdf(una, credencial(ca.firmante, [ca.intermedia]));
    expect((await verificarFirmasPdf(dos, almacen)).map((f) => f.resultado)).toEqual(['VALIDA', 'VALIDA']);
  });

  it('refuses a wrong password, and a legacy cipher with how to convert it', async () => {
    await expect(leerP12(await p12Prueba(ca.firmante, [], 'buena'), 'mala')).rejects.toThrow(P12Invalido);
    await expect(leerP12(await p12Prueba(ca.firmante, [], 'buena', { legacy: true }), 'buena')).rejects.toThrow(/legacy PKCS#12 cipher.*openssl pkcs12/);
    await expect(leerP12(Buffer.from('no es un p12'), 'x')).rejects.toThrow(P12Invalido);
  });
});
